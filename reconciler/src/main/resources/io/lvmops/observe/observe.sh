# lvmops observe: everything lvmops needs to know about a node, gathered in ONE exec (one SSH round trip).
# Run as: sh -c "$SCRIPT" lvmops-observe NONCE [PATH...] [+ PATH...] [-- FSTYPE LVPATH ...]
#   NONCE  a random word that makes the section markers impossible to forge from command output
#   PATH   block devices to probe for signatures (the spec's devices and its managed LVs); never part of this text.
#          Those before "+" (the spec's devices) also get their identity read (device-mapper UUID, SCSI WWID, serial)
#   FSTYPE LVPATH  after "--": the spec's LVs with a filesystem (ext4|xfs), whose size is read where they are active
# Output: one section per command, each with its own stdout, stderr and exit code, so that a missing tool or a
# failing command never hides the others; an end marker proves the output is complete.
export LC_ALL=C LVM_SUPPRESS_FD_WARNINGS=1
# a non-root login often lacks the sbin directories; append them (sudo uses its secure_path anyway)
PATH=${PATH:+$PATH:}/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
nonce=$1
shift
m="@@lvmops-$nonce"

# section NAME COMMAND [ARG...]: stdout goes straight out, stderr is captured in a variable (no temp file: /tmp
# may be read-only or full) and printed after it.
section() {
    name=$1
    shift
    printf '%s section %s\n' "$m" "$name"
    err=$("$@" 2>&1 1>&3 3>&-)
    rc=$?
    printf '\n%s stderr %s\n' "$m" "$name"
    [ -n "$err" ] && printf '%s\n' "$err"
    printf '%s rc %s %d\n' "$m" "$name" "$rc"
}

# The lvm-version section, from ONE `lvm version` that also leaves its number in $lvm_version (a fork costs
# ~50-100 ms on a slow node, and this runs on every observation). Its stdout and stderr cannot both be kept in
# variables without a temp file, so the merged output is the section's stdout when it succeeds, its stderr when not.
lvm_version_section() {
    printf '%s section lvm-version\n' "$m"
    out=$(lvm version 2>&1)
    rc=$?
    [ "$rc" -eq 0 ] && printf '%s\n' "$out"
    printf '\n%s stderr lvm-version\n' "$m"
    [ "$rc" -ne 0 ] && printf '%s\n' "$out"
    printf '%s rc lvm-version %d\n' "$m" "$rc"
    lvm_version=
    case $out in
        *"LVM version:"*)
            v=${out#*LVM version:}
            v=${v#"${v%%[!	 ]*}"}
            lvm_version=${v%%[!0-9.]*}
            ;;
    esac
}

# JSON reports (and fullreport) arrived in LVM 2.02.158; older LVM gets the column format.
has_json_report() {
    old_ifs=$IFS
    IFS=.
    set -- $1
    IFS=$old_ifs
    [ "${1:-0}" -gt 2 ] && return 0
    [ "${1:-0}" -lt 2 ] && return 1
    [ "${2:-0}" -gt 2 ] && return 0
    [ "${2:-0}" -lt 2 ] && return 1
    [ "${3:-0}" -ge 158 ]
}

fullreport() {
    lvm fullreport --reportformat json --units b --nosuffix \
        --configreport vg -o vg_name,vg_uuid,vg_size,vg_free,vg_extent_size,vg_tags,vg_lock_type,vg_lock_args,vg_autoactivation,vg_missing_pv_count \
        --configreport pv -o pv_name,pv_uuid,pv_size,pv_free,dev_size,pv_missing \
        --configreport lv -o lv_name,lv_uuid,lv_size,lv_attr,lv_active,lv_active_locally,lv_device_open,lv_tags,lv_path,lv_dm_path,lv_autoactivation,lv_lockargs \
        --configreport pvseg -o pvseg_start --configreport seg -o seg_start
}

# Fields every LVM since 2.02.9x knows (checked against lvs(8) of 2.02.100).
legacy() {
    "$1" --noheadings --nameprefixes --separator '|' --units b --nosuffix -o "$2"
}

# identity PATH: what the device under PATH is, whatever its name: a device-mapper UUID (a multipath map's is
# mpath-<WWID>), the SCSI WWID the kernel read from the disk (naa.<hex>), else udev's ID_SERIAL. Read from /sys and
# udev's database with builtins (a fork costs ~50-100 ms on a slow node); only a path that is neither
# /dev/mapper/NAME nor /dev/KERNELNAME (e.g. a /dev/disk/by-id link) costs one readlink.
identity() {
    k=
    case $1 in
        /dev/mapper/*)
            for n in /sys/class/block/dm-*/dm/name; do
                read -r dn 2>/dev/null <"$n" || continue
                if [ "$dn" = "${1#/dev/mapper/}" ]; then
                    k=${n#/sys/class/block/}
                    k=${k%%/*}
                    break
                fi
            done
            ;;
        *) [ -e "/sys/class/block/${1##*/}" ] && k=${1##*/} ;;
    esac
    if [ -z "$k" ] && [ -L "$1" ]; then
        r=$(readlink -f "$1") && [ -e "/sys/class/block/${r##*/}" ] && k=${r##*/}
    fi
    [ -n "$k" ] || return 0
    echo "lvmops_kname=$k"
    v=
    [ -r "/sys/class/block/$k/dm/uuid" ] && read -r v <"/sys/class/block/$k/dm/uuid" && [ -n "$v" ] &&
        echo "lvmops_dm_uuid=$v" && return 0
    [ -r "/sys/class/block/$k/device/wwid" ] && read -r v <"/sys/class/block/$k/device/wwid" && [ -n "$v" ] &&
        echo "lvmops_wwid=$v" && return 0
    [ -r "/sys/class/block/$k/dev" ] && read -r v <"/sys/class/block/$k/dev" && [ -r "/run/udev/data/b$v" ] &&
        while read -r line; do
            case $line in
                E:ID_SERIAL=*) echo "lvmops_serial=${line#E:ID_SERIAL=}" ;;
            esac
        done <"/run/udev/data/b$v"
    return 0
}

# probe PATH [IDENTITY]: existence, size, identity (when IDENTITY is 1) and blkid's signatures
probe() {
    if [ ! -e "$1" ]; then
        echo "lvmops_exists=0"
        return 0
    fi
    if [ ! -b "$1" ]; then
        echo "lvmops_exists=0"
        echo "lvmops_not_block_device=1"
        return 0
    fi
    echo "lvmops_exists=1"
    [ "$2" = 1 ] && identity "$1"
    echo "lvmops_size=$(blockdev --getsize64 "$1" || echo 0)"
    blkid -p -o export "$1"
}

# guard: the LVM settings that make LVM itself refuse a non-owner (effective values, defaults included), the
# lvmlocal.conf that lvmops manages a marked block of, and the lock daemons of guard: sanlock.
guard_config() {
    lvmconfig --typeconfig full activation/volume_list activation/auto_activation_volume_list \
        global/use_lvmlockd local/host_id
}
lock_daemons() {
    # what `pidof` prints for each, from /proc by shell builtins (three pidof forks cost ~0.2 s on a slow node)
    wdmd= sanlock= lvmlockd=
    for c in /proc/[0-9]*/comm; do
        read -r name 2>/dev/null <"$c" || continue
        case $name in
            wdmd | sanlock | lvmlockd)
                p=${c#/proc/}
                p=${p%/comm}
                eval "$name=\"\${$name:+\$$name }\$p\""
                ;;
        esac
    done
    printf 'wdmd=%s\nsanlock=%s\nlvmlockd=%s\n' "$wdmd" "$sanlock" "$lvmlockd"
    if [ -n "$sanlock" ]; then
        # lvmlockd lockspaces (sanlock names them lvm_<VG>), " ADD"/" REM" while joining/leaving
        sanlock client gets 2>/dev/null | sed -n 's/^s lvm_\([^:]*\):[^ ]*\(.*\)$/lockspace=\1\2/p'
        # the daemon's own settings (the first our_host_name/use_watchdog lines are the daemon's)
        sanlock client status -D 2>/dev/null | sed -n -e 's/^[[:space:]]*our_host_name=/sanlock.name=/p' \
            -e 's/^[[:space:]]*use_watchdog=/sanlock.watchdog=/p' | awk -F= '!seen[$1]++'
    fi
    # boot persistence: the distribution's systemd units. What `systemctl is-enabled` says for these units
    # (WantedBy=multi-user.target), read from the links themselves: systemctl loads every unit file, ~0.5-1 s a
    # call on a slow node, on every observation.
    if command -v systemctl >/dev/null 2>&1; then
        echo "systemctl=present"
        for u in wdmd sanlock lvmlockd lvmlocks; do
            # masked: a link to /dev/null, the only way a unit file is a character device (a test, no fork)
            if [ -L "/etc/systemd/system/$u.service" ] && [ -c "/etc/systemd/system/$u.service" ]; then
                state=masked
            elif [ -e "/etc/systemd/system/multi-user.target.wants/$u.service" ]; then
                state=enabled
            elif [ -e "/lib/systemd/system/$u.service" ] || [ -e "/usr/lib/systemd/system/$u.service" ] ||
                [ -e "/etc/systemd/system/$u.service" ]; then
                state=disabled
            else
                state=absent
            fi
            printf 'enabled.%s=%s\n' "$u" "$state"
        done
    else
        echo "systemctl=absent"
    fi
    for w in /sys/class/watchdog/*/identity; do
        [ -r "$w" ] && read -r id <"$w" && printf 'watchdog=%s\n' "$id"
    done
    return 0
}

# fs_size TYPE DEV: the filesystem's size as its superblock says (an apply stopped between lvextend and the grow
# leaves it smaller than the LV). dumpe2fs -h reads the superblock only; xfs_info asks the mounted filesystem.
fs_size() {
    case $1 in
        ext4) dumpe2fs -h "$2" ;;
        xfs) xfs_info "$2" ;;
        *) echo "unknown filesystem type $1" >&2; return 2 ;;
    esac
}

# read_file PATH: cat PATH, but a missing file costs no fork (cat's own message and status for it)
read_file() {
    if [ -e "$1" ] || [ -L "$1" ]; then
        cat "$1"
    else
        printf 'cat: %s: No such file or directory\n' "$1" >&2
        return 1
    fi
}

exec 3>&1
printf '%s begin 1\n' "$m"
section hostname uname -n
lvm_version_section
if has_json_report "$lvm_version"; then
    section fullreport fullreport
else
    section pvs legacy pvs pv_name,pv_uuid,vg_name,pv_size,pv_free
    section vgs legacy vgs vg_name,vg_uuid,vg_size,vg_free,vg_extent_size,vg_tags
    section lvs legacy lvs vg_name,lv_name,lv_uuid,lv_size,lv_attr,lv_tags,lv_path
fi
section iscsi-sessions iscsiadm -m session
section mountinfo cat /proc/self/mountinfo
section dmsetup dmsetup info -c --noheadings --separator '|' -o name,uuid,open,major,minor
section lvm-guard-config guard_config
section lvmlocal-conf read_file /etc/lvm/lvmlocal.conf
section lock-daemons lock_daemons
section sanlock-dropin read_file /etc/systemd/system/sanlock.service.d/lvmops.conf
section watchdog-modules read_file /etc/modules-load.d/lvmops-watchdog.conf
i=0
ident=1
while [ $# -gt 0 ] && [ "$1" != -- ]; do
    if [ "$1" = + ]; then
        ident=0
        shift
        continue
    fi
    section "probe.$i" probe "$1" "$ident"
    i=$((i + 1))
    shift
done
[ $# -gt 0 ] && shift
# Only where the LV is active (its device exists: a test builtin, no fork), so an LV costs one fork on its owner
# and none elsewhere; a missing tool fails its own section only.
j=0
while [ $# -ge 2 ]; do
    [ -b "$2" ] && section "fs.$j" fs_size "$1" "$2"
    j=$((j + 1))
    shift 2
done
printf '%s end\n' "$m"
exit 0
