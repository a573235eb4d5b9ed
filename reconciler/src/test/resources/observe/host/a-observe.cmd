command: LC_ALL=C sh -c "$(cat observe.sh)" lvmops-observe fixture /dev/loop0 /dev/loop1 /dev/loop4 /dev/loop5 /dev/nonexistent /dev/vgobs/lv01
script: reconciler/src/main/resources/io/lvmops/observe/observe.sh as of commit 62b7f63 (since then only its PATH line changed: system directories appended instead of prepended)
node: build host vm (not a lab node), kernel 6.18.44-fc-v669 without device-mapper
state: vgobs (2 inactive LVs), vgpart on loop2+loop3 complete, orphan PV loop1, blank loop4, ext4 loop5
exit_code: 0
stdout: a-observe.out
stderr: (empty)
lvm: 2.03.16(2) (2022-05-18)
note: full output of reconciler/src/main/resources/io/lvmops/observe/observe.sh with nonce 'fixture' and probe paths /dev/loop0 /dev/loop1 /dev/loop4 /dev/loop5 /dev/nonexistent /dev/vgobs/lv01; truncated variants are cut from it in ObserveOutputTest/LvmNodeObserverTest
