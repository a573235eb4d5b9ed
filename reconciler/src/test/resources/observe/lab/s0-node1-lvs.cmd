command: LC_ALL=C lvs -a -o lv_name,vg_name,lv_attr,lv_size,lv_active,lv_device_open,lv_tags --reportformat json --units b --nosuffix
node: node1
state: fresh lab: no iSCSI session, /dev/mapper/test_block_a missing
exit_code: 0
stdout: s0-node1-lvs.json
stderr: (empty)
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
