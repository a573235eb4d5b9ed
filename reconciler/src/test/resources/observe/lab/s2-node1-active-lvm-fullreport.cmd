command: LC_ALL=C lvm fullreport --reportformat json --units b --nosuffix -o+lv_tags,lv_active,lv_device_open,lv_path,lv_dm_path,vg_lock_type,lv_autoactivation,vg_autoactivation,pv_uuid,vg_uuid,lv_uuid
node: node1
state: vg0/lv01 active and mounted on /mnt/t_lv01 (this node created it)
exit_code: 0
stdout: s2-node1-active-lvm-fullreport.json
stderr: (empty)
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
