# lvmops new-LV zeroing: runs LVCREATE, then zeroes the first and last MiB of the LV that command created (all of it
# when it is 2 MiB or smaller): the range the blank proof (blank-proof.sh) reads before mkfs. `lvcreate -Zy` zeroes
# only the first 4 KiB, so an LV on extents that held data (a removed LV's) would fail that proof.
# Run as: sh -c "$SCRIPT" lvmops-new-lv -b VG LV DEVICE -- LVCREATE [ARG...]
#   -b  DEVICE must be a block device (what the plan passes; a test of the other checks may pass
#       --test-regular-file instead, which takes a regular file: nothing lvmops plans can say that)
# It zeroes nothing unless this very command created the LV: VG must list no LV named LV before (an lvs that fails
# is not "absent"), LVCREATE must exit 0 (LVM refuses a name that exists), and the LV must then be active on this
# node (LVCREATE activates it: -ay/-aey). Exit codes: 95 nothing run (LV exists, or its absence is unknown);
# LVCREATE's own code when it fails (nothing zeroed); 94 created but not zeroed, with the reason.
# Names and paths are positional arguments only: never part of this text.
export LC_ALL=C
set -f
PATH=${PATH:+$PATH:}/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
MIB=1048576
usage="lvmops-new-lv: usage: -b VG LV DEVICE -- LVCREATE [ARG...]"

case ${1-} in
    -b) kind=block ;;
    --test-regular-file) kind=regular ;;
    *) echo "$usage" >&2; exit 96 ;;
esac
if [ $# -lt 6 ] || [ "$5" != -- ] || [ -z "$2" ] || [ -z "$3" ] || [ -z "$4" ]; then
    echo "$usage" >&2
    exit 96
fi
vg=$2
lv=$3
dev=$4
shift 5

names=$(lvm lvs --config devices/hints=none --noheadings -o lv_name "$vg")
rc=$?
if [ "$rc" != 0 ]; then
    printf 'lvmops: cannot tell whether %s/%s exists (lvs exited %s); not created, nothing zeroed\n' "$vg" "$lv" "$rc" >&2
    exit 95
fi
for name in $names; do
    if [ "$name" = "$lv" ]; then
        printf 'lvmops: %s/%s exists already; not created, nothing zeroed\n' "$vg" "$lv" >&2
        exit 95
    fi
done

"$@"
rc=$?
if [ "$rc" != 0 ]; then
    printf 'lvmops: lvcreate exited %s; nothing zeroed\n' "$rc" >&2
    exit "$rc"
fi

unzeroed() {
    printf 'lvmops: %s/%s was created but its first and last MiB were not zeroed: %s; lvmops now sees it as an existing LV and will not format it: remove it by hand (lvremove) and apply again\n' "$vg" "$lv" "$1" >&2
    exit 94
}

active=$(lvm lvs --config devices/hints=none --noheadings --binary -o lv_active_locally "$vg/$lv")
rc=$?
[ "$rc" = 0 ] || unzeroed "lvs exited $rc"
[ "$(printf %s "$active" | tr -d ' \t\n')" = 1 ] || unzeroed "not active on this node (lv_active_locally: '$active')"
if [ "$kind" = block ]; then
    [ -b "$dev" ] || unzeroed "$dev is not a block device ($(ls -ld -- "$dev" 2>&1))"
    size=$(blockdev --getsize64 "$dev" 2>&1) || unzeroed "blockdev --getsize64 failed: $size"
else
    [ -f "$dev" ] || unzeroed "$dev is not a regular file ($(ls -ld -- "$dev" 2>&1))"
    size=$(stat -c %s -- "$dev" 2>&1) || unzeroed "stat failed: $size"
fi
case $size in
    ''|*[!0-9]*) unzeroed "size unreadable: $size" ;;
esac
[ "$size" -gt 0 ] || unzeroed "its size is 0"

# zero OFFSET LENGTH: one direct write of LENGTH zero bytes at byte OFFSET, flushed before dd exits
zero() {
    out=$(dd if=/dev/zero of="$dev" bs="$2" count=1 seek="$1" oflag=direct,seek_bytes conv=notrunc,fsync \
        status=none 2>&1) || unzeroed "dd of $2 bytes at byte $1 failed: $out"
}
if [ "$size" -le $((2 * MIB)) ]; then
    zero 0 "$size"
else
    zero 0 "$MIB"
    zero $((size - MIB)) "$MIB"
fi
