# lvmops blank proof: runs COMMAND only if every DEVICE is provably blank, checked on the node that runs it,
# immediately before it (pvcreate, vgcreate --shared, mkfs).
# Run as: sh -c "$SCRIPT" lvmops-blank -b DEVICE... -- COMMAND [ARG...]
#   -b  DEVICE must be a block device (what every plan step passes; a test of the other checks may pass
#       --test-regular-file instead, which takes a regular file: nothing lvmops plans can say that)
# A device is blank when: it is a block device; `wipefs -n` lists nothing; `blkid -p` exits 2 (nothing found) and
# prints nothing (it also exits 2, silently or not, when it cannot read the device or does not recognise the
# content); its first and last MiB read as zeros. Any doubt: exit 97 with the evidence on stderr, nothing run.
# Paths are positional arguments only: never part of this text.
export LC_ALL=C
PATH=${PATH:+$PATH:}/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
MIB=1048576

refuse() {
    printf 'lvmops: %s is not provably blank: %s; refusing to run: %s\n' "$dev" "$1" "$cmd" >&2
    exit 97
}

case ${1-} in
    -b) kind=block ;;
    --test-regular-file) kind=file ;;
    *) echo "lvmops-blank: usage: -b DEVICE... -- COMMAND [ARG...]" >&2; exit 96 ;;
esac
shift
# the command, for the evidence: everything after "--"
cmd=
seen=0
for a in "$@"; do
    if [ "$seen" = 1 ]; then cmd="$cmd${cmd:+ }$a"; elif [ "$a" = -- ]; then seen=1; fi
done
if [ "$seen" != 1 ] || [ -z "$cmd" ] || [ "${1-}" = -- ]; then
    echo "lvmops-blank: usage: -b DEVICE... -- COMMAND [ARG...]" >&2
    exit 96
fi

while [ "$1" != -- ]; do
    dev=$1
    shift
    if [ "$kind" = block ]; then
        [ -b "$dev" ] || refuse "not a block device ($(ls -ld -- "$dev" 2>&1))"
        size=$(blockdev --getsize64 "$dev" 2>&1) || refuse "blockdev --getsize64 failed: $size"
    else
        [ -f "$dev" ] || refuse "not a regular file ($(ls -ld -- "$dev" 2>&1))"
        size=$(stat -c %s -- "$dev" 2>&1) || refuse "stat failed: $size"
    fi
    case $size in
        ''|*[!0-9]*) refuse "size unreadable: $size" ;;
    esac
    [ "$size" -ge "$MIB" ] || refuse "smaller than 1 MiB ($size bytes)"
    found=$(wipefs -n "$dev" 2>&1)
    rc=$?
    [ "$rc" = 0 ] || refuse "wipefs -n exited $rc: $found"
    [ -z "$found" ] || refuse "wipefs -n lists a signature: $found"
    found=$(blkid -p "$dev" 2>&1)
    rc=$?
    [ "$rc" = 2 ] || refuse "blkid -p exited $rc (2 means nothing found): $found"
    [ -z "$found" ] || refuse "blkid -p printed: $found"
    found=$(cmp -n "$MIB" "$dev" /dev/zero 2>&1)
    rc=$?
    [ "$rc" = 0 ] || refuse "its first MiB is not all zeros: $found"
    found=$(cmp -n "$MIB" -i "$((size - MIB)):0" "$dev" /dev/zero 2>&1)
    rc=$?
    [ "$rc" = 0 ] || refuse "its last MiB (from byte $((size - MIB))) is not all zeros: $found"
done
shift
exec "$@"
