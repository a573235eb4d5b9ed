node: node2
state: after lvmops applied guard: tags (vg0 tags, vg1 none; lv01 and lv11 owned by node1, lv01 mounted on node1)
command: sh -c "$(cat observe.sh)" lvmops-observe 0123abcd /dev/mapper/test_block_a /dev/mapper/test_block_b /dev/vg0/lv01 /dev/vg1/lv11
lvm: 2.03.16(2) (Debian 12)
exit_code: 0
