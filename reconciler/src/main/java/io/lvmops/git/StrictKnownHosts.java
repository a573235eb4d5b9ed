package io.lvmops.git;

import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Host key checking for git over SSH with no "ask" and no "accept new": the server's key must already be in the
 * known_hosts file, whatever ~/.ssh/config says. An unattended reconciler must never trust a key on first use.
 */
final class StrictKnownHosts implements ServerKeyDatabase {
    private final Path knownHosts;

    StrictKnownHosts(Path knownHosts) {
        this.knownHosts = knownHosts;
    }

    @Override
    public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
        return keysFor(connectAddress, remoteAddress);
    }

    @Override
    public boolean accept(String connectAddress, InetSocketAddress remoteAddress, PublicKey serverKey,
                          Configuration config, CredentialsProvider provider) {
        List<PublicKey> known = keysFor(connectAddress, remoteAddress);
        for (PublicKey k : known) {
            if (KeyUtils.compareKeys(k, serverKey)) {
                return true;
            }
        }
        throw new GitSpecException("host key of " + connectAddress + " (" + KeyUtils.getFingerPrint(serverKey)
                + ") is " + (known.isEmpty() ? "not in " : "DIFFERENT from the one in ") + knownHosts
                + "; lvmops checks Git host keys strictly (add it with ssh-keyscan after verifying it)");
    }

    private List<PublicKey> keysFor(String connectAddress, InetSocketAddress remoteAddress) {
        if (!Files.isReadable(knownHosts)) {
            throw new GitSpecException(knownHosts + ": known_hosts file not found or not readable; lvmops checks "
                    + "Git host keys strictly (--git-known-hosts)");
        }
        HostPort hp = HostPort.parse(connectAddress, remoteAddress);
        List<PublicKey> keys = new ArrayList<>();
        try {
            for (KnownHostEntry e : KnownHostEntry.readKnownHostEntries(knownHosts)) {
                if ("@revoked".equals(e.getMarker())) {
                    continue;
                }
                if (e.isHostMatch(hp.host(), hp.port())
                        || e.isHostMatch(remoteAddress.getHostString(), remoteAddress.getPort())) {
                    keys.add(e.getKeyEntry().resolvePublicKey(null, null, PublicKeyEntryResolver.IGNORING));
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new GitSpecException(knownHosts + ": cannot read known_hosts: " + e.getMessage(), e);
        }
        keys.removeIf(java.util.Objects::isNull);
        return keys;
    }

    /** JGit passes {@code host} or {@code [host]:port}. */
    private record HostPort(String host, int port) {
        static HostPort parse(String connectAddress, InetSocketAddress remote) {
            if (connectAddress.startsWith("[")) {
                int close = connectAddress.indexOf(']');
                String host = connectAddress.substring(1, close);
                int port = close + 2 <= connectAddress.length()
                        ? Integer.parseInt(connectAddress.substring(close + 2)) : remote.getPort();
                return new HostPort(host, port);
            }
            return new HostPort(connectAddress, remote.getPort());
        }
    }
}
