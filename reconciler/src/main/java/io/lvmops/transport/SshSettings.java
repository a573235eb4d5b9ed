package io.lvmops.transport;

import java.time.Duration;

/**
 * How lvmops talks SSH to the fleet (the CLI's SSH options).
 *
 * @param acceptNewHostKeys like OpenSSH's {@code StrictHostKeyChecking=accept-new}: the key of a host not yet in
 *                          known_hosts is added there and trusted; a changed key is still refused
 * @param connectTimeout    TCP connect plus SSH handshake and authentication
 * @param commandTimeout    the timeout of commands that do not set their own, i.e. whose timeout is
 *                          {@link Command#DEFAULT_TIMEOUT}
 * @param maxParallel       how many nodes are contacted at the same time; connecting is mostly waiting for round
 *                          trips, so this can well exceed the core count (FleetSshBenchmark: 32 halves the
 *                          100-node time of 16 on 2 cores)
 */
public record SshSettings(boolean acceptNewHostKeys, Duration connectTimeout, Duration commandTimeout,
                          int maxParallel) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_PARALLEL = 32;

    public SshSettings {
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        commandTimeout = commandTimeout == null ? Command.DEFAULT_TIMEOUT : commandTimeout;
        if (connectTimeout.isNegative() || connectTimeout.isZero() || connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connect timeout must be between 1 ms and ~24 days: " + connectTimeout);
        }
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("command timeout must be positive: " + commandTimeout);
        }
        if (maxParallel < 1) {
            throw new IllegalArgumentException("maxParallel must be at least 1: " + maxParallel);
        }
    }

    public static SshSettings defaults() {
        return new SshSettings(false, DEFAULT_CONNECT_TIMEOUT, Command.DEFAULT_TIMEOUT, DEFAULT_MAX_PARALLEL);
    }

    public SshSettings withAcceptNewHostKeys(boolean accept) {
        return new SshSettings(accept, connectTimeout, commandTimeout, maxParallel);
    }

    public SshSettings withConnectTimeout(Duration timeout) {
        return new SshSettings(acceptNewHostKeys, timeout, commandTimeout, maxParallel);
    }

    public SshSettings withCommandTimeout(Duration timeout) {
        return new SshSettings(acceptNewHostKeys, connectTimeout, timeout, maxParallel);
    }

    public SshSettings withMaxParallel(int parallel) {
        return new SshSettings(acceptNewHostKeys, connectTimeout, commandTimeout, parallel);
    }

    /** The timeout that applies to {@code command}. */
    Duration timeoutOf(Command command) {
        return command.timeout().equals(Command.DEFAULT_TIMEOUT) ? commandTimeout : command.timeout();
    }
}
