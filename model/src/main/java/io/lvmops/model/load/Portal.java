package io.lvmops.model.load;

import io.lvmops.model.IscsiSpec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An iSCSI portal {@code host[:port]}; an IPv6 host keeps its brackets ({@code [fd00::5]}) as iscsiadm wants it. */
record Portal(String host, int port) {
    private static final Pattern IPV6 = Pattern.compile("(\\[[0-9A-Fa-f:.]+(?:%[A-Za-z0-9]+)?\\])(?::(.*))?");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9._-]*[A-Za-z0-9_])?");

    static Portal parse(String text) {
        String host;
        String port;
        Matcher v6 = IPV6.matcher(text);
        if (v6.matches()) {
            host = v6.group(1);
            port = v6.group(2);
        } else {
            int colon = text.indexOf(':');
            if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("portal '" + text + "': write an IPv6 address in brackets, "
                        + "e.g. [fd00::5]:3260");
            }
            host = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? null : text.substring(colon + 1);
            if (!HOST.matcher(host).matches()) {
                throw new IllegalArgumentException("portal '" + text + "' must be host[:port], e.g. 192.168.10.5:3260");
            }
        }
        if (port == null) {
            return new Portal(host, IscsiSpec.DEFAULT_PORT);
        }
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("portal '" + text + "': port '" + port + "' is not in range 1-65535");
        }
        return new Portal(host, Integer.parseInt(port));
    }
}
