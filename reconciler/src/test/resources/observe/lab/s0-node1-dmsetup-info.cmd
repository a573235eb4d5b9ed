command: LC_ALL=C dmsetup info -c --noheadings -o name,uuid,open
node: node1
state: fresh lab: no iSCSI session, /dev/mapper/test_block_a missing
exit_code: 0
stdout: s0-node1-dmsetup-info.txt
stderr: (empty)
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
