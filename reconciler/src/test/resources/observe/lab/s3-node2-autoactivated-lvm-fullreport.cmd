command: LC_ALL=C lvm fullreport --reportformat json --units b --nosuffix -o+lv_tags,lv_active,lv_device_open,lv_path,lv_dm_path,vg_lock_type,lv_autoactivation,vg_autoactivation,pv_uuid,vg_uuid,lv_uuid
node: node2
state: node2 logged in again after vg0/lv01 existed: udev's LVM rule autoactivated lv01 (nobody ran lvchange -ay); node1 still has it active+mounted
exit_code: 0
stdout: s3-node2-autoactivated-lvm-fullreport.json
stderr: (empty)
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
