package io.lvmops.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends JSch's log to SLF4J, all at debug level: JSch's INFO and WARN lines are protocol chatter ("Connecting to",
 * "kex: algorithm"), and real failures reach the operator as {@link TransportException}s. JSch logs no secrets.
 */
final class JschSlf4jLogger implements com.jcraft.jsch.Logger {
    private static final Logger LOG = LoggerFactory.getLogger("com.jcraft.jsch");

    @Override
    public boolean isEnabled(int level) {
        return LOG.isDebugEnabled();
    }

    @Override
    public void log(int level, String message) {
        LOG.debug(message);
    }

    @Override
    public void log(int level, String message, Throwable cause) {
        LOG.debug(message, cause);
    }
}
