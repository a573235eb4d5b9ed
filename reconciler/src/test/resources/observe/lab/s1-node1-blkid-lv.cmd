command: LC_ALL=C blkid -p -o export /dev/mapper/vg0-lv01
node: node1
state: both nodes logged in to iqn.2016-11.com.test:block-a (node.startup=automatic), blank LUN (no PV)
exit_code: 2
stdout: s1-node1-blkid-lv.txt
stderr: (empty)
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
