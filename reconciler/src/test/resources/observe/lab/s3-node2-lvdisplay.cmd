command: LC_ALL=C lvdisplay vg0/lv01
node: node2
state: node2 logged in again after vg0/lv01 existed: udev's LVM rule autoactivated lv01 (nobody ran lvchange -ay); node1 still has it active+mounted
exit_code: 0
stdout: s3-node2-lvdisplay.txt
stderr: (empty)
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
