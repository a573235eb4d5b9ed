package io.lvmops.observe;

/**
 * LVM's ten-character {@code lv_attr}, typed (lvs(8), "lv_attr bits"). Unknown characters are kept as they are so
 * that a newer LVM's letters never make a parser throw.
 *
 * @param volumeType  1st: '-' plain, 'm' mirrored, 'o' origin, 's' snapshot, 't' thin pool, 'V' thin volume, ...
 * @param permissions 2nd: 'w' writeable, 'r' read-only, 'R' read-only activation of a non-read-only volume
 * @param allocation  3rd: 'i' inherited, 'c' contiguous, 'n' normal, ... (upper case when locked)
 * @param fixedMinor  4th: 'm' when the minor number is fixed
 * @param state       5th: 'a' active, '-' inactive, 's' suspended, 'h' historical, ...
 * @param deviceOpen  6th: 'o' open
 * @param target      7th: 'm' mirror, 'r' raid, 's' snapshot, 't' thin, 'u' unknown, 'v' virtual, '-' linear
 * @param zeroing     8th: 'z' newly allocated blocks are zeroed
 * @param health      9th: 'p' partial, 'r' refresh needed, 'm' mismatches, 'w' writemostly, 'X' unknown, '-' ok
 * @param skipActivation 10th: 'k' skip activation flag set
 */
public record LvAttr(char volumeType, char permissions, char allocation, char fixedMinor, char state,
                     char deviceOpen, char target, char zeroing, char health, char skipActivation) {

    public static LvAttr parse(String attr) {
        if (attr == null || attr.length() < 6) {
            throw new IllegalArgumentException("lv_attr '" + attr + "' is too short");
        }
        String a = (attr + "----------").substring(0, 10);
        return new LvAttr(a.charAt(0), a.charAt(1), a.charAt(2), a.charAt(3), a.charAt(4), a.charAt(5), a.charAt(6),
                a.charAt(7), a.charAt(8), a.charAt(9));
    }

    public boolean active() {
        return state == 'a';
    }

    public boolean open() {
        return deviceOpen == 'o';
    }

    public boolean partial() {
        return health == 'p';
    }

    @Override
    public String toString() {
        return new String(new char[] {volumeType, permissions, allocation, fixedMinor, state, deviceOpen, target,
                zeroing, health, skipActivation});
    }
}
