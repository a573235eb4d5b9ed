command: lab/lab ssh node1 "LC_ALL=C sh -c '<observe.sh>' lvmops-observe fixture /dev/mapper/test_block_a /dev/vg0/lv01"
script: reconciler/src/main/resources/io/lvmops/observe/observe.sh as of commit f4b0f13 (the whole script, one exec)
node: node1 of the QEMU lab (lab/lab of /work/main f4b0f13, "lvmlockd: on" in lab/lab status), read-only capture
state: lvmlockd + sanlock on; shared VG vg0 (vg_lock_type sanlock) on multipath /dev/mapper/test_block_a, no user LVs; node1's lockspace still starting (LVM warns and reads vg0 without a lock); the hidden [lvmlock] LV is active (dm vg0-lvmlock); /dev/vg0/lv01 does not exist
exit_code: 0
stdout: s4-node1-lockd-observe.out
stderr: (empty)
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
note: nonce 'fixture', probe paths /dev/mapper/test_block_a /dev/vg0/lv01 (the lab spec's device + one LV path that is absent)
