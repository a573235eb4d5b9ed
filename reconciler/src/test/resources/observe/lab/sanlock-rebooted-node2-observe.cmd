node: node2
state: right after lab/lab reboot node2 (daemons started at boot from the units lvmops enabled; lvmlocks.service still joining vg0: sanlock shows ADD)
command: sh -c "$(cat observe.sh)" lvmops-observe 0123abcd /dev/mapper/test_block_a /dev/vg0/lv01
lvm: 2.03.16(2) (Debian 12), sanlock 3.8.5
exit_code: 0
