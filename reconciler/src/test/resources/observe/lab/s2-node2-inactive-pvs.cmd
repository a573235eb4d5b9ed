command: LC_ALL=C pvs -o pv_name,pv_uuid,vg_name,pv_size,dev_size --reportformat json --units b --nosuffix
node: node2
state: vg0/lv01 exists (created by node1, mounted there) but is NOT active on this node (logged in before it was created)
exit_code: 0
stdout: s2-node2-inactive-pvs.json
stderr: (empty)
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
