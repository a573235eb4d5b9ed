Command: sh -c "$(cat)" lvmops-observe fixture /dev/mapper/test_block_a /dev/mapper/test_block_b + /dev/vg0/lv01   (stdin: reconciler/src/main/resources/io/lvmops/observe/observe.sh, sha256 57653fcbd1ebe2fb..., HEAD f9d9b0e: the version committed with these captures; run through lab/lab ssh)
node: node2
state: as ident-node1, but node2's multipath.conf swaps the aliases (test_block_a = LUN b, WWID ...0020001), then multipath -F; multipathd reconfigure
exit_code: 0
stdout: ident-node2-swapped-observe.txt
stderr: (empty)
