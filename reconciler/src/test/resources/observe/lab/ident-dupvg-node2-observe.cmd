Command: sh -c "$(cat)" lvmops-observe fixture /dev/mapper/test_block_a /dev/mapper/test_block_b + /dev/vg0/lv01   (stdin: reconciler/src/main/resources/io/lvmops/observe/observe.sh, sha256 57653fcbd1ebe2fb..., HEAD f9d9b0e: the version committed with these captures; run through lab/lab ssh)
node: node2
state: as ident-dupvg-node1, on node2 (aliases swapped: its test_block_a is LUN b, carrying the other vg0)
exit_code: 0
stdout: ident-dupvg-node2-observe.txt
stderr: (empty)
