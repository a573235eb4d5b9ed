command: LC_ALL=C wipefs -n -J /dev/mapper/vg0-lv01
node: node1
state: fresh lab: no iSCSI session, /dev/mapper/test_block_a missing
exit_code: 1
stdout: s0-node1-wipefs-lv.json
stderr: s0-node1-wipefs-lv.err
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
