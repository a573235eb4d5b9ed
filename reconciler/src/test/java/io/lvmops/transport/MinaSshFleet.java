package io.lvmops.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.lvmops.model.NodeSpec;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;

/**
 * A fleet of real SSH servers for benchmarks: Apache MINA SSHD in-process on loopback, one server per node, each
 * with its own ECDSA host key (listed in a known_hosts file the nodes point to) and public key authentication
 * with one client key. Every exec is answered by a {@link Handler} that sees the node and the command line
 * exactly as the client sent it. The client side is lvmops' own: {@link #transports(SshSettings)}.
 */
public final class MinaSshFleet implements AutoCloseable {

    /** What a node answers to an exec. */
    public record Reply(byte[] stdout, byte[] stderr, int exitCode) {
        public static Reply ok(byte[] stdout) {
            return new Reply(stdout, new byte[0], 0);
        }
    }

    /** Answers one exec on node number {@code node} (0-based, fleet order); called on the server's I/O thread. */
    @FunctionalInterface
    public interface Handler {
        Reply answer(int node, String commandLine);
    }

    private final Path dir;
    private final List<SshServer> servers;
    private final List<NodeSpec> nodes;
    private final AtomicInteger execs;

    private MinaSshFleet(Path dir, List<SshServer> servers, List<NodeSpec> nodes, AtomicInteger execs) {
        this.dir = dir;
        this.servers = servers;
        this.nodes = nodes;
        this.execs = execs;
    }

    /** Starts {@code size} servers named node000, node001, ...; keys and known_hosts are written into {@code dir}. */
    public static MinaSshFleet start(Path dir, int size, Handler handler)
            throws IOException, InterruptedException, GeneralSecurityException {
        // ECDSA P-256 keys: MINA has no Ed25519 without BouncyCastle/eddsa; P-256 is just as cheap (no RSA).
        Path clientKey = dir.resolve("id_ecdsa");
        OpenSshServer.keygen(clientKey, "ecdsa");
        Path authorizedKeys = Path.of(clientKey + ".pub");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        AtomicInteger execs = new AtomicInteger();
        List<SshServer> servers = new ArrayList<>(size);
        StringBuilder knownHosts = new StringBuilder();
        try {
            for (int i = 0; i < size; i++) {
                KeyPair hostKey = generator.generateKeyPair();
                SshServer server = SshServer.setUpDefaultServer();
                server.setHost("127.0.0.1");
                server.setPort(0);
                // One I/O thread per server: 100 servers with the default (cores + 1) would be 300 threads.
                CoreModuleProperties.NIO_WORKERS.set(server, 1);
                server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
                server.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(authorizedKeys));
                int node = i;
                server.setCommandFactory((channel, command) -> {
                    execs.incrementAndGet();
                    return new Answer(handler, node, command);
                });
                server.start();
                servers.add(server);
                knownHosts.append("[127.0.0.1]:").append(server.getPort()).append(' ')
                        .append(PublicKeyEntry.toString(hostKey.getPublic())).append('\n');
            }
        } catch (IOException | RuntimeException e) {
            stopAll(servers);
            throw e;
        }
        Path knownHostsFile = Files.writeString(dir.resolve("known_hosts"), knownHosts);
        List<NodeSpec> nodes = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            nodes.add(new NodeSpec(String.format("node%03d", i), "127.0.0.1", servers.get(i).getPort(), "root",
                    clientKey.toString(), knownHostsFile.toString(), false, false));
        }
        return new MinaSshFleet(dir, servers, List.copyOf(nodes), execs);
    }

    public List<NodeSpec> nodes() {
        return nodes;
    }

    /** Execs received by all servers so far. */
    public int execs() {
        return execs.get();
    }

    /** A fresh lvmops SSH factory for this fleet (no cached connections), with an empty home (no ~/.ssh). */
    public SshTransportFactory transports(SshSettings settings) {
        return new SshTransportFactory(settings, new SshClientFiles(dir, null));
    }

    @Override
    public void close() throws IOException {
        stopAll(servers);
    }

    private static void stopAll(List<SshServer> servers) throws IOException {
        for (SshServer server : servers) {
            server.stop(true);
        }
    }

    /** One exec: writes the handler's reply and exits with its status. */
    private static final class Answer implements Command {
        private final Handler handler;
        private final int node;
        private final String commandLine;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        Answer(Handler handler, int node, String commandLine) {
            this.handler = handler;
            this.node = node;
            this.commandLine = commandLine;
        }

        @Override
        public void setOutputStream(OutputStream stdout) {
            out = stdout;
        }

        @Override
        public void setErrorStream(OutputStream stderr) {
            err = stderr;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            exit = callback;
        }

        @Override
        public void setInputStream(InputStream in) {
            // The commands benchmarked send nothing on stdin.
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            Reply reply = handler.answer(node, commandLine);
            out.write(reply.stdout());
            out.flush();
            err.write(reply.stderr());
            err.flush();
            exit.onExit(reply.exitCode());
        }

        @Override
        public void destroy(ChannelSession channel) {
            // Nothing to stop: start() already finished.
        }
    }
}
