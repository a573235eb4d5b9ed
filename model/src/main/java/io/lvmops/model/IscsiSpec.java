package io.lvmops.model;

import java.util.regex.Pattern;

/** An iSCSI target every node logs in to. {@code portalHost:portalPort} as the nodes reach it. */
public record IscsiSpec(String portalHost, int portalPort, String target, int lun) {
    public static final int DEFAULT_PORT = 3260;
    /**
     * RFC 3720/3722 names, after stringprep (lower case): iqn.YYYY-MM.reverse.domain[:id] with only a-z 0-9 . : -
     * (the name is passed to iscsiadm on every node); eui. and 16 hex digits; naa. and 16 or 32 hex digits (RFC 3980).
     */
    private static final Pattern IQN = Pattern.compile("iqn\\.[0-9]{4}-(0[1-9]|1[0-2])\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[a-z0-9.:-]+)?"
            + "|eui\\.[0-9A-Fa-f]{16}|naa\\.[0-9A-Fa-f]{16}([0-9A-Fa-f]{16})?");
    /** RFC 3720 section 3.2.6.1: at most 223 bytes, UTF-8 encoded. */
    public static final int MAX_NAME_BYTES = 223;

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
        if (target != null && target.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            return "'" + target.substring(0, 40) + "…' is " + target.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    + " bytes long; an iSCSI name is at most " + MAX_NAME_BYTES;
        }
        if (target == null || !IQN.matcher(target).matches()) {
            return "'" + target + "' is not an iSCSI name; expected iqn.YYYY-MM.reverse.domain[:id] in lower case"
                    + " (a-z 0-9 . : -), eui. and 16 hex digits, or naa. and 16 or 32 hex digits, at most "
                    + MAX_NAME_BYTES + " bytes; e.g. iqn.2016-11.com.test:block-a";
        }
        return null;
    }

    /** host:port, as iscsiadm's {@code -p} takes it. */
    public String portal() {
        return portalHost + ":" + portalPort;
    }
}
