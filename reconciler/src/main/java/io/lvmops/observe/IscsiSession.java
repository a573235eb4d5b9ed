package io.lvmops.observe;

/** A logged-in iSCSI session: {@code portal} as host:port, {@code target} the IQN. */
public record IscsiSession(String portal, String target) {
}
