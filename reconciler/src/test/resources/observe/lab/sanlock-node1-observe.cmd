node: node1
state: after lvmops apply of guard: sanlock vg0 (lv01 owner node1, active -aey): node setup done, lockspace started
command: sh -c "$(cat observe.sh)" lvmops-observe 0123abcd /dev/mapper/test_block_a /dev/vg0/lv01
lvm: 2.03.16(2) (Debian 12), sanlock 3.8.5
exit_code: 0
