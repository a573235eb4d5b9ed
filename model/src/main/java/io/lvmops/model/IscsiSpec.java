package io.lvmops.model;

import java.util.regex.Pattern;

/** An iSCSI target every node logs in to. {@code portalHost:portalPort} as the nodes reach it. */
public record IscsiSpec(String portalHost, int portalPort, String target, int lun) {
    public static final int DEFAULT_PORT = 3260;
    /** RFC 3720 iqn. names: iqn.YYYY-MM.reverse.domain[:anything]. */
    private static final Pattern IQN = Pattern.compile("iqn\\.\\d{4}-(0[1-9]|1[0-2])\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[^\\s]+)?");

    public IscsiSpec {
        if (portalHost == null || portalHost.isBlank()) {
            throw new IllegalArgumentException("portal host must not be empty");
        }
        if (portalPort < 1 || portalPort > 65535) {
            throw new IllegalArgumentException("portal port " + portalPort + " is out of range 1-65535");
        }
        String problem = iqnProblem(target);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (lun < 0 || lun > 16383) {
            throw new IllegalArgumentException("lun " + lun + " is out of range 0-16383");
        }
    }

    public static String iqnProblem(String target) {
        if (target == null || !IQN.matcher(target).matches()) {
            return "'" + target + "' is not an iSCSI qualified name; expected iqn.YYYY-MM.reverse.domain[:id], e.g. iqn.2016-11.com.test:block-a";
        }
        return null;
    }

    /** host:port, as iscsiadm's {@code -p} takes it. */
    public String portal() {
        return portalHost + ":" + portalPort;
    }
}
