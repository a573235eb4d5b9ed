package io.lvmops.daemon;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which {@code Host} and {@code Origin} headers the API accepts. DNS rebinding: a web page from attacker.example whose
 * name is made to resolve to this machine reaches the API from the victim's browser, with {@code Host:
 * attacker.example}; so a host name is accepted only when it is localhost, this machine's name or listed in
 * {@code http.allowedHosts}, never because it resolves here (no DNS look-up is made). An IP address is accepted
 * when it is a loopback address, the listen address, or (listening on a wildcard address) one of this machine's.
 * Cross-site requests from a browser carry an {@code Origin}: one is accepted only when it is the API's own origin
 * ({@code http://} plus the request's accepted {@code Host}); the API has no page of its own, so no other.
 */
final class HostCheck {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[^:\\[\\]]+)(:\\d{1,5})?");
    private final Set<String> names = new HashSet<>();
    private final InetAddress listen;

    HostCheck(InetAddress listen, String machineName, List<String> allowedHosts) {
        this.listen = listen;
        names.add("localhost");
        if (machineName != null && !machineName.isBlank()) {
            names.add(machineName.toLowerCase(Locale.ROOT));
        }
        allowedHosts.forEach(h -> names.add(h.toLowerCase(Locale.ROOT)));
    }

    /** Null when the request may go on; else why it is refused (for a 403). */
    String refusal(String host, String origin) {
        if (host == null) {
            return "a Host header is required";
        }
        if (!hostAccepted(host)) {
            return "Host '" + host + "' is not this daemon's name or address (a DNS-rebinding defence); "
                    + "list the name in http.allowedHosts";
        }
        if (origin != null && !origin.equalsIgnoreCase("http://" + host)) {
            return "Origin '" + origin + "' is not this daemon's (cross-site requests are refused)";
        }
        return null;
    }

    private boolean hostAccepted(String hostHeader) {
        var m = HOST_PORT.matcher(hostHeader);
        if (!m.matches()) {
            return false;
        }
        String host = m.group(1).toLowerCase(Locale.ROOT);
        if (names.contains(host)) {
            return true;
        }
        boolean v6 = host.startsWith("[");
        if (!v6 && !(IPV4.matcher(host).matches()
                && java.util.Arrays.stream(host.split("\\.")).allMatch(o -> Integer.parseInt(o) < 256))) {
            return false; // a name (or not an address): only the listed names, never resolved
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(v6 ? host.substring(1, host.length() - 1) : host); // a literal: no DNS
        } catch (UnknownHostException e) {
            return false;
        }
        if (address.isLoopbackAddress() || address.equals(listen)) {
            return true;
        }
        try {
            return listen.isAnyLocalAddress() && NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
