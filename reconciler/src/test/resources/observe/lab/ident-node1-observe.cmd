Command: sh -c "$(cat)" lvmops-observe fixture /dev/mapper/test_block_a /dev/mapper/test_block_b + /dev/vg0/lv01   (stdin: reconciler/src/main/resources/io/lvmops/observe/observe.sh, sha256 57653fcbd1ebe2fb..., HEAD f9d9b0e: the version committed with these captures; run through lab/lab ssh)
node: node1
state: lab up --luns 2; both nodes logged in to both LUNs; both LUNs blank; node1's multipath.conf as the lab writes it (test_block_a = LUN a, WWID ...0010001)
exit_code: 0
stdout: ident-node1-observe.txt
stderr: (empty)
