command: LC_ALL=C blkid -p -o export /dev/mapper/test_block_a
node: node1
state: vg0/lv01 active and mounted on /mnt/t_lv01 (this node created it)
exit_code: 0
stdout: s2-node1-active-blkid-lun.txt
stderr: (empty)
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
