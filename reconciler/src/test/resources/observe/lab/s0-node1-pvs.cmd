command: LC_ALL=C pvs -o pv_name,pv_uuid,vg_name,pv_size,dev_size --reportformat json --units b --nosuffix
node: node1
state: fresh lab: no iSCSI session, /dev/mapper/test_block_a missing
exit_code: 0
stdout: s0-node1-pvs.json
stderr: (empty)
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
