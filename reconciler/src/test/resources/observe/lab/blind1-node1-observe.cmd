command: LC_ALL=C sh -c "$(cat)" lvmops-observe fixture /dev/mapper/test_block_a /dev/vg0/lv01 -- ext4 /dev/vg0/lv01   (stdin: reconciler/src/main/resources/io/lvmops/observe/observe.sh as committed with these captures)
node: node1
state: as blind0, then node1's /etc/lvm/lvm.conf got devices/global_filter = [ "r|.*|" ]: node1's LVM lists nothing (exit 0) while device-mapper still maps vg0-lv01 and it stays mounted
exit_code: 0
stdout: blind1-node1-observe.txt
stderr: (empty)
tools: LVM 2.03.16, dmsetup, kernel 6.1.0-57-amd64 (Debian 12)
