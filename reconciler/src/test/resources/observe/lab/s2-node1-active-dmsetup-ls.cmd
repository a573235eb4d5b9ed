command: LC_ALL=C dmsetup ls
node: node1
state: vg0/lv01 active and mounted on /mnt/t_lv01 (this node created it)
exit_code: 0
stdout: s2-node1-active-dmsetup-ls.txt
stderr: (empty)
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
