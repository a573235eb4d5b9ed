command: LC_ALL=C vgs -o vg_name,vg_uuid,vg_attr,vg_size,vg_free,vg_lock_type,vg_tags --reportformat json --units b --nosuffix
node: node1
state: fresh lab: no iSCSI session, /dev/mapper/test_block_a missing
exit_code: 0
stdout: s0-node1-vgs.json
stderr: (empty)
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
