command: LC_ALL=C xfs_info /dev/vg0/lv02
node: node2
state: interrupted: lvextend -L 2G of lv01 and -L 1536M of lv02 ran on node1 with no -r (no resize2fs, no refresh of lv02 on node2, no xfs_growfs): the LVs are 2G and 1.5G, the filesystems 1G
exit_code: 0
stdout: fs2-node2-xfs_info-lv02.txt
stderr: (empty)
tools: dumpe2fs 1.47.0 (5-Feb-2023) xfs_info version 6.1.0, kernel 6.1.0-56-amd64 (Debian 12)
