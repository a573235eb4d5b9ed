command: LC_ALL=C iscsiadm -m node
node: node1
state: fresh lab: no iSCSI session, /dev/mapper/test_block_a missing
exit_code: 21
stdout: s0-node1-iscsiadm-node.txt
stderr: s0-node1-iscsiadm-node.err
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
