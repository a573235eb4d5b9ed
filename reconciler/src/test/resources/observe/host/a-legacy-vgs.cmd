command: LC_ALL=C vgs --noheadings --nameprefixes --separator | --units b --nosuffix -o vg_name,vg_uuid,vg_size,vg_free,vg_extent_size,vg_tags
node: build host vm (not a lab node), kernel 6.18.44-fc-v669 without device-mapper
state: vgobs (2 inactive LVs), vgpart on loop2+loop3 complete, orphan PV loop1, blank loop4, ext4 loop5
exit_code: 0
stdout: a-legacy-vgs.out
stderr: (empty)
lvm: 2.03.16(2) (2022-05-18)
note: the column format observe.sh uses for LVM < 2.02.158 (options and fields as sent to 2.02.100); produced by this host's LVM 2.03.16 because no 2.02.100 is installable here
