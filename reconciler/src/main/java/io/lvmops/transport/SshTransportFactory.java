package io.lvmops.transport;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;

import io.lvmops.model.NodeSpec;

/**
 * Opens {@link SshTransport}s for the nodes of a spec. Key files and known_hosts files are read once per run and
 * shared by all nodes that use them (a known_hosts file must be shared so accept-new writes it consistently).
 * Opening does not connect: the first command does.
 */
public final class SshTransportFactory implements TransportFactory {
    static {
        JSch.setLogger(new JschSlf4jLogger());
    }

    private final SshSettings settings;
    private final SshClientFiles client;
    private final JSch jsch = new JSch();
    private final Map<Path, KnownHostsFile> knownHostsFiles = new HashMap<>();
    private final Map<Optional<Path>, ClientIdentities> identities = new HashMap<>();

    public SshTransportFactory(SshSettings settings) {
        this(settings, SshClientFiles.ofCurrentUser());
    }

    public SshTransportFactory(SshSettings settings, SshClientFiles client) {
        this.settings = settings;
        this.client = client;
    }

    public SshSettings settings() {
        return settings;
    }

    @Override
    public SshTransport open(NodeSpec node) throws TransportException {
        Path knownHosts = node.knownHostsFile() == null ? client.defaultKnownHosts()
                : client.resolve(node.knownHostsFile());
        Optional<Path> identityFile = Optional.ofNullable(node.identityFile()).map(client::resolve);
        SshTransport transport = new SshTransport(node, settings, jsch, identitiesFor(node, identityFile),
                knownHostsFor(node, knownHosts));
        // Connected here, not on the first command: a caller that opens nodes on several threads
        // (SharedTransports.connectAhead) then really overlaps their handshakes, ~1 s each under emulation.
        transport.connectNow();
        return transport;
    }

    private synchronized ClientIdentities identitiesFor(NodeSpec node, Optional<Path> identityFile)
            throws TransportException {
        ClientIdentities loaded = identities.get(identityFile);
        if (loaded == null) {
            try {
                loaded = ClientIdentities.load(identityFile.orElse(null), client);
            } catch (JSchException e) {
                throw new TransportException(node.name(), "cannot use the SSH key of node " + node.name() + ": "
                        + e.getMessage(), e);
            }
            identities.put(identityFile, loaded);
        }
        return loaded;
    }

    private synchronized KnownHostsFile knownHostsFor(NodeSpec node, Path file) throws TransportException {
        KnownHostsFile loaded = knownHostsFiles.get(file);
        if (loaded == null) {
            try {
                loaded = new KnownHostsFile(file, settings.acceptNewHostKeys());
            } catch (JSchException e) {
                throw new TransportException(node.name(), "cannot read known hosts file " + file + " of node "
                        + node.name() + ": " + e.getMessage(), e);
            }
            knownHostsFiles.put(file, loaded);
        }
        return loaded;
    }
}
