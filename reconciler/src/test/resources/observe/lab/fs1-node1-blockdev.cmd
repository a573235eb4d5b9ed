command: LC_ALL=C for d in /dev/vg0/lv01 /dev/vg0/lv03; do echo $d $(blockdev --getsize64 $d); done
node: node1
state: grown: lv01 1G ext4 mounted on node1, lv02 1G xfs mounted on node2, lv03 64M blank active on node1 (mkfs by hand, default options)
exit_code: 0
stdout: fs1-node1-blockdev.txt
stderr: (empty)
tools: dumpe2fs 1.47.0 (5-Feb-2023) xfs_info version 6.1.0, kernel 6.1.0-56-amd64 (Debian 12)
