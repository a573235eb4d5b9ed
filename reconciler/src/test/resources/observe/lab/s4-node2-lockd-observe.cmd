command: lab/lab ssh node2 "LC_ALL=C sh -c '<observe.sh>' lvmops-observe fixture /dev/mapper/test_block_a /dev/vg0/lv01"
script: reconciler/src/main/resources/io/lvmops/observe/observe.sh as of commit f4b0f13 (the whole script, one exec)
node: node2 of the QEMU lab (lab/lab of /work/main f4b0f13, "lvmlockd: on" in lab/lab status), read-only capture
state: lvmlockd + sanlock on; shared VG vg0 (vg_lock_type sanlock) on multipath /dev/mapper/test_block_a, no user LVs; node2 has not started vg0's lockspace (LVM warns: lockspace not found, reads vg0 without a lock); no LV of vg0 is active here; /dev/vg0/lv01 does not exist
exit_code: 0
stdout: s4-node2-lockd-observe.out
stderr: (empty)
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
note: nonce 'fixture', probe paths /dev/mapper/test_block_a /dev/vg0/lv01 (the lab spec's device + one LV path that is absent)
