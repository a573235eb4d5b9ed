command: LC_ALL=C sh -c "$(cat)" lvmops-observe fixture /dev/mapper/test_block_a /dev/vg0/lv01 /dev/vg0/lv02 /dev/vg0/lv03 -- ext4 /dev/vg0/lv01 xfs /dev/vg0/lv02 ext4 /dev/vg0/lv03   (stdin: reconciler/src/main/resources/io/lvmops/observe/observe.sh, sha256 2338d1d4d925d8db..., HEAD dfa2627 plus uncommitted changes to it: the version committed with these captures)
node: node1
state: grown: lv01 1G ext4 mounted on node1, lv02 1G xfs mounted on node2, lv03 64M blank active on node1 (mkfs by hand, default options)
exit_code: 0
stdout: fs1-node1-observe.txt
stderr: (empty)
tools: dumpe2fs 1.47.0 (5-Feb-2023) xfs_info version 6.1.0, kernel 6.1.0-56-amd64 (Debian 12)
