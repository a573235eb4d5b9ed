command: LC_ALL=C df -B1 --output=source,size,target /mnt/t_lv01
node: node1
state: regrown: resize2fs /dev/vg0/lv01 on node1; lvchange --refresh vg0/lv02 and xfs_growfs /mnt/t_lv02 on node2
exit_code: 0
stdout: fs3-node1-df-lv01.txt
stderr: (empty)
tools: dumpe2fs 1.47.0 (5-Feb-2023) xfs_info version 6.1.0, kernel 6.1.0-56-amd64 (Debian 12)
