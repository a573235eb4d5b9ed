node: node2
state: after the same apply: node2 set up (its Debian-style sanlock restarted by lvmops), lockspace started, lv01 inactive
command: sh -c "$(cat observe.sh)" lvmops-observe 0123abcd /dev/mapper/test_block_a /dev/vg0/lv01
lvm: 2.03.16(2) (Debian 12), sanlock 3.8.5
exit_code: 0
