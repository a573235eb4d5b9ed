command: LC_ALL=C lvm fullreport --reportformat json --units b --nosuffix --configreport vg -o vg_name,vg_uuid,vg_size,vg_free,vg_extent_size,vg_tags,vg_lock_type,vg_lock_args,vg_autoactivation,vg_missing_pv_count --configreport pv -o pv_name,pv_uuid,pv_size,pv_free,dev_size,pv_missing --configreport lv -o lv_name,lv_uuid,lv_size,lv_attr,lv_active,lv_active_locally,lv_device_open,lv_tags,lv_path,lv_dm_path,lv_autoactivation,lv_lockargs --configreport pvseg -o pvseg_start --configreport seg -o seg_start
node: build host vm (not a lab node), kernel 6.18.44-fc-v669 without device-mapper
state: as state a, then /dev/loop3 detached (vgpart misses a PV) and /dev/loop3 attached as a byte copy of orphan PV /dev/loop1 (duplicate PV)
exit_code: 0
stdout: b-fullreport.out
stderr: b-fullreport.err
lvm: 2.03.16(2) (2022-05-18)
