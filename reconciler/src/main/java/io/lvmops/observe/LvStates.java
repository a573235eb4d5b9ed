package io.lvmops.observe;

/**
 * How lvmops reads "active" and "open" out of LVM's report. Anything that is not plainly inactive counts as active
 * (suspended, unknown 'X' when device-mapper could not be asked, ...): for the planner, "possibly active" must
 * never read as "inactive".
 */
final class LvStates {
    private LvStates() {
    }

    static boolean active(LvAttr attr, String lvActive) {
        return "active".equals(lvActive) || (attr.state() != '-' && attr.state() != 'h') || "unknown".equals(lvActive);
    }

    /**
     * lv_device_open is "unknown" for every inactive LV (seen on the lab's LVM 2.03.16), so only lv_attr's 'X'
     * (device-mapper could not be asked) counts as "possibly open".
     */
    static boolean open(LvAttr attr, String lvDeviceOpen) {
        return "open".equals(lvDeviceOpen) || attr.deviceOpen() == 'o' || attr.deviceOpen() == 'X';
    }

    static boolean stateUnknown(LvAttr attr, String lvActive) {
        // a letter LVM does not document (a newer LVM, or a hand-edited snapshot) is not "inactive": it is unknown
        return attr.state() == 'X' || "-ahsISmMdicC".indexOf(attr.state()) < 0 || "unknown".equals(lvActive);
    }
}
