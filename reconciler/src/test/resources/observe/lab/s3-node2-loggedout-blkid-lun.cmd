command: LC_ALL=C blkid -p -o export /dev/mapper/test_block_a
node: node2
state: node2 logged out of iqn.2016-11.com.test:block-a while vg0/lv01 exists (device missing)
exit_code: 2
stdout: s3-node2-loggedout-blkid-lun.txt
stderr: (empty)
lvm: LVM 2.03.16 (Debian 12), kernel 6.1.0-56-amd64
