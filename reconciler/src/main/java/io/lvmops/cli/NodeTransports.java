package io.lvmops.cli;

import io.lvmops.transport.TransportFactory;

/**
 * Where commands that contact nodes get their transports: SSH from the command line's options, unless a test
 * (or an embedding program) supplies another factory through {@link LvmopsCommand#newCommandLine(TransportFactory)}.
 */
final class NodeTransports {
    private final TransportFactory override;

    NodeTransports(TransportFactory override) {
        this.override = override;
    }

    TransportFactory factory(SshOptionsMixin ssh) {
        return override != null ? override : ssh.transportFactory();
    }
}
