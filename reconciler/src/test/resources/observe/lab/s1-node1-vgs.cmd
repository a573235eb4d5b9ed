command: LC_ALL=C vgs -o vg_name,vg_uuid,vg_attr,vg_size,vg_free,vg_lock_type,vg_tags --reportformat json --units b --nosuffix
node: node1
state: both nodes logged in to iqn.2016-11.com.test:block-a (node.startup=automatic), blank LUN (no PV)
exit_code: 0
stdout: s1-node1-vgs.json
stderr: (empty)
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
