command: LC_ALL=C sh -c "$(cat)" lvmops-observe fixture /dev/mapper/test_block_a /dev/vg0/lv01 -- ext4 /dev/vg0/lv01   (stdin: reconciler/src/main/resources/io/lvmops/observe/observe.sh as committed with these captures)
node: node2
state: examples/two-nodes applied: vg0/lv01 active and mounted on node1 at /mnt/t_lv01, inactive on node2
exit_code: 0
stdout: blind0-node2-observe.txt
stderr: (empty)
tools: LVM 2.03.16, dmsetup, kernel 6.1.0-57-amd64 (Debian 12)
