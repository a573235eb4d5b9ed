node: node2
state: fresh lab node (lab/lab up, no --lockd), before lvmops: sanlock started as Debian's unit does (. /etc/default/sanlock; sanlock daemon $sanlock_opts, i.e. -w 0), nothing else; not logged in
command: sh -c "$(cat observe.sh)" lvmops-observe 0123abcd /dev/mapper/test_block_a /dev/vg0/lv01
lvm: 2.03.16(2) (Debian 12), sanlock 3.8.5
exit_code: 0
