command: LC_ALL=C pvs -o pv_name,pv_uuid,vg_name,pv_size,dev_size --reportformat json --units b --nosuffix
node: node2
state: node2 logged out of iqn.2016-11.com.test:block-a while vg0/lv01 exists (device missing)
exit_code: 0
stdout: s3-node2-loggedout-pvs.json
stderr: (empty)
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
