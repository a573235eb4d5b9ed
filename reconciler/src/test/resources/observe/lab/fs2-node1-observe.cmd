command: LC_ALL=C sh -c "$(cat)" lvmops-observe fixture /dev/mapper/test_block_a /dev/vg0/lv01 /dev/vg0/lv02 /dev/vg0/lv03 -- ext4 /dev/vg0/lv01 xfs /dev/vg0/lv02 ext4 /dev/vg0/lv03   (stdin: reconciler/src/main/resources/io/lvmops/observe/observe.sh, sha256 2338d1d4d925d8db..., HEAD dfa2627 plus uncommitted changes to it: the version committed with these captures)
node: node1
state: interrupted: lvextend -L 2G of lv01 and -L 1536M of lv02 ran on node1 with no -r (no resize2fs, no refresh of lv02 on node2, no xfs_growfs): the LVs are 2G and 1.5G, the filesystems 1G
exit_code: 0
stdout: fs2-node1-observe.txt
stderr: (empty)
tools: dumpe2fs 1.47.0 (5-Feb-2023) xfs_info version 6.1.0, kernel 6.1.0-56-amd64 (Debian 12)
