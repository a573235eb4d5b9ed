Command: sh -c "$(cat)" lvmops-observe fixture /dev/mapper/test_block_a /dev/mapper/test_block_b + /dev/vg0/lv01   (stdin: reconciler/src/main/resources/io/lvmops/observe/observe.sh, sha256 57653fcbd1ebe2fb..., HEAD f9d9b0e: the version committed with these captures; run through lab/lab ssh)
node: node1
state: after ident-node2-swapped, on node1: pvcreate+vgcreate vg0 /dev/mapper/test_block_a (LUN a), vgcreate --devices /dev/mapper/test_block_b vg0 /dev/mapper/test_block_b (another vg0 on LUN b)
exit_code: 0
stdout: ident-dupvg-node1-observe.txt
stderr: (empty)
