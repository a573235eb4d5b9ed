command: LC_ALL=C cat /proc/self/mountinfo
node: node1
state: fresh lab: no iSCSI session, /dev/mapper/test_block_a missing
exit_code: 0
stdout: s0-node1-mountinfo.txt
stderr: (empty)
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
