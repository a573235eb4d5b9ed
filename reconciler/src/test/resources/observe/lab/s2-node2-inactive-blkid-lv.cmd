command: LC_ALL=C blkid -p -o export /dev/mapper/vg0-lv01
node: node2
state: vg0/lv01 exists (created by node1, mounted there) but is NOT active on this node (logged in before it was created)
exit_code: 2
stdout: s2-node2-inactive-blkid-lv.txt
stderr: (empty)
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
