Command: sh -c "$(cat)" lvmops-observe fixture /dev/sda /dev/disk/by-id/scsi-SIET_VIRTUAL-DISK_beaf21 /dev/vda   (stdin: reconciler/src/main/resources/io/lvmops/observe/observe.sh, sha256 57653fcbd1ebe2fb..., HEAD f9d9b0e: the version committed with these captures; run through lab/lab ssh)
node: node2
state: as ident-node2-swapped: a SCSI disk by kernel name, one by a by-id link, the node's virtio root disk (no WWID)
exit_code: 0
stdout: ident-node2-paths-observe.txt
stderr: (empty)
