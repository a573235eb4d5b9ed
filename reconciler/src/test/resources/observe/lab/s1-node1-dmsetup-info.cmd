command: LC_ALL=C dmsetup info -c --noheadings -o name,uuid,open
node: node1
state: both nodes logged in to iqn.2016-11.com.test:block-a (node.startup=automatic), blank LUN (no PV)
exit_code: 0
stdout: s1-node1-dmsetup-info.txt
stderr: (empty)
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
