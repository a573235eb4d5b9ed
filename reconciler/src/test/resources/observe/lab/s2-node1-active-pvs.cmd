command: LC_ALL=C pvs -o pv_name,pv_uuid,vg_name,pv_size,dev_size --reportformat json --units b --nosuffix
node: node1
state: vg0/lv01 active and mounted on /mnt/t_lv01 (this node created it)
exit_code: 0
stdout: s2-node1-active-pvs.json
stderr: (empty)
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
