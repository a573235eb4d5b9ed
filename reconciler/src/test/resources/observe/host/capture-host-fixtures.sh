#!/bin/sh
# How the fixtures in this directory were captured: on the build host (Debian 12, LVM 2.03.16, a kernel WITHOUT
# device-mapper, so LVs can exist only as metadata: created with `lvcreate --driverloaded n -an -Zn`).
# Loop devices at capture time:
#   /dev/loop0 1G PV of vgobs (tag lvmops; lv01 100M tag owner_node1, lv02 200M, both inactive)
#   /dev/loop1 1G orphan PV            /dev/loop2 1G + /dev/loop3 512M: PVs of vgpart (data-01 1.49G)
#   /dev/loop4 64M blank               /dev/loop5 64M ext4
# Usage: capture-host-fixtures.sh STATE-PREFIX OUTDIR   (writes NAME.out/.err/.cmd per command)
set -u
P=$1
OUT=$2
SCRIPT="$(dirname "$0")/../../../../main/resources/io/lvmops/observe/observe.sh"
cap() { # NAME STATE CMD...
    name=$1 state=$2
    shift 2
    "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"
    rc=$?
    {
        case "$1" in
            sh) shift 3; echo "command: LC_ALL=C sh -c \"\$(cat observe.sh)\" $*" ;;
            *) echo "command: LC_ALL=C $*" ;;
        esac
        echo "node: build host $(uname -n) (not a lab node), kernel $(uname -r) without device-mapper"
        echo "state: $state"
        echo "exit_code: $rc"
        echo "stdout: $name.out"
        if [ -s "$OUT/$name.err" ]; then echo "stderr: $name.err"; else echo "stderr: (empty)"; fi
        echo "lvm: $(lvm version 2>/dev/null | sed -n 's/^ *LVM version: *//p')"
    } >"$OUT/$name.cmd"
    [ -s "$OUT/$name.err" ] || rm -f "$OUT/$name.err"
}
export LC_ALL=C LVM_SUPPRESS_FD_WARNINGS=1
S="${STATE:-see header}"
FR_OPTS="--reportformat json --units b --nosuffix --configreport vg -o vg_name,vg_uuid,vg_size,vg_free,vg_extent_size,vg_tags,vg_lock_type,vg_lock_args,vg_autoactivation,vg_missing_pv_count --configreport pv -o pv_name,pv_uuid,pv_size,pv_free,dev_size,pv_missing --configreport lv -o lv_name,lv_uuid,lv_size,lv_attr,lv_active,lv_active_locally,lv_device_open,lv_tags,lv_path,lv_dm_path,lv_autoactivation,lv_lockargs --configreport pvseg -o pvseg_start --configreport seg -o seg_start"
# shellcheck disable=SC2086
cap "$P-fullreport" "$S" lvm fullreport $FR_OPTS
cap "$P-legacy-pvs" "$S" pvs --noheadings --nameprefixes --separator '|' --units b --nosuffix -o pv_name,pv_uuid,vg_name,pv_size,pv_free
cap "$P-legacy-vgs" "$S" vgs --noheadings --nameprefixes --separator '|' --units b --nosuffix -o vg_name,vg_uuid,vg_size,vg_free,vg_extent_size,vg_tags
cap "$P-legacy-lvs" "$S" lvs --noheadings --nameprefixes --separator '|' --units b --nosuffix -o vg_name,lv_name,lv_uuid,lv_size,lv_attr,lv_tags,lv_path
cap "$P-observe" "$S" sh -c "$(cat "$SCRIPT")" lvmops-observe fixture /dev/loop0 /dev/loop1 /dev/loop4 /dev/loop5 /dev/nonexistent /dev/vgobs/lv01
