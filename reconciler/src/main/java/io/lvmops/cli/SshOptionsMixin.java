package io.lvmops.cli;

import io.lvmops.transport.SshSettings;
import io.lvmops.transport.SshTransportFactory;
import io.lvmops.transport.TransportFactory;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * The SSH options shared by every command that contacts nodes (observe, status, plan, apply): mix it in with
 * {@code @Mixin SshOptionsMixin ssh;}. Maps one to one onto the transport's {@link SshSettings}.
 */
public final class SshOptionsMixin {

    @Option(names = "--accept-new-host-keys",
            description = "Trust and record the host key of a node not yet in its known_hosts file (like OpenSSH's "
                    + "StrictHostKeyChecking=accept-new). A changed key is always refused.")
    boolean acceptNewHostKeys;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Give up on a node that does not complete the SSH handshake in this time: 5s, 1m, or "
                    + "plain seconds (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "16",
            description = "Contact at most N nodes at the same time (default: ${DEFAULT-VALUE}).")
    int parallel;

    public int parallel() {
        return parallel;
    }

    /** The settings, or an IllegalArgumentException whose message names the bad option. */
    public SshSettings settings() {
        if (connectTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("--connect-timeout must be at least 1 second");
        }
        if (parallel < 1) {
            throw new IllegalArgumentException("--parallel must be at least 1");
        }
        return SshSettings.defaults().withAcceptNewHostKeys(acceptNewHostKeys)
                .withConnectTimeout(connectTimeout).withMaxParallel(parallel);
    }

    public TransportFactory transportFactory() {
        return new SshTransportFactory(settings());
    }
}
