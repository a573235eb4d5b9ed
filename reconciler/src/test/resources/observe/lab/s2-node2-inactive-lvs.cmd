command: LC_ALL=C lvs -a -o lv_name,vg_name,lv_attr,lv_size,lv_active,lv_device_open,lv_tags --reportformat json --units b --nosuffix
node: node2
state: vg0/lv01 exists (created by node1, mounted there) but is NOT active on this node (logged in before it was created)
exit_code: 0
stdout: s2-node2-inactive-lvs.json
stderr: (empty)
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
