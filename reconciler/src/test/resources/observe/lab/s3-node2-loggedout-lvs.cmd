command: LC_ALL=C lvs -a -o lv_name,vg_name,lv_attr,lv_size,lv_active,lv_device_open,lv_tags --reportformat json --units b --nosuffix
node: node2
state: node2 logged out of iqn.2016-11.com.test:block-a while vg0/lv01 exists (device missing)
exit_code: 0
stdout: s3-node2-loggedout-lvs.json
stderr: (empty)
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
