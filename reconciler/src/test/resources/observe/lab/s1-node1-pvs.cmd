command: LC_ALL=C pvs -o pv_name,pv_uuid,vg_name,pv_size,dev_size --reportformat json --units b --nosuffix
node: node1
state: both nodes logged in to iqn.2016-11.com.test:block-a (node.startup=automatic), blank LUN (no PV)
exit_code: 0
stdout: s1-node1-pvs.json
stderr: (empty)
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
