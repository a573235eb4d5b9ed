command: LC_ALL=C lvcreate -L 1G -n lv01 vg0
node: node1
state: node1 creates vg0/lv01 on the blank LUN (node2 logged in before)
exit_code: 0
stdout: s2-node1-lvcreate.txt
stderr: (empty)
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
