command: LC_ALL=C findmnt -J -o SOURCE,TARGET,FSTYPE,MAJ:MIN
node: node1
state: vg0/lv01 active and mounted on /mnt/t_lv01 (this node created it)
exit_code: 0
stdout: s2-node1-active-findmnt.json
stderr: (empty)
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
