package io.lvmops.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3's figure: connect + one observation exec to 1, 10 and 100 nodes, each a real SSH server (Apache MINA SSHD,
 * in-process, on loopback, its own host key) answering with a ~50-LV {@code lvm fullreport} JSON. The client side
 * is the production path: {@link FleetExecutor} + {@link SshTransportFactory} + {@link SshTransport}, known_hosts
 * verification and public key authentication included. Prints wall times; asserts only that the work was real.
 *
 * <pre>mvn -q -o -B -pl reconciler test -Dtest=FleetSshBenchmark -Dtest.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@Tag("bench")
class FleetSshBenchmark {
    private static final int NODES = 100;
    private static final int ROUNDS = 5;
    private static final byte[] REPORT = FullreportFixture.fiftyLvs().getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;
    private static final List<SshServer> SERVERS = new ArrayList<>();
    private static final List<NodeSpec> FLEET = new ArrayList<>();
    private static Path clientKey;

    @BeforeAll
    static void startServers() throws Exception {
        // ECDSA P-256 keys: MINA has no Ed25519 without BouncyCastle/eddsa; P-256 is just as cheap (no RSA).
        clientKey = dir.resolve("id_ecdsa");
        OpenSshServer.keygen(clientKey, "ecdsa");
        Path authorizedKeys = Path.of(clientKey + ".pub");
        StringBuilder knownHosts = new StringBuilder();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        for (int i = 0; i < NODES; i++) {
            KeyPair hostKey = generator.generateKeyPair();
            SshServer server = SshServer.setUpDefaultServer();
            server.setHost("127.0.0.1");
            server.setPort(0);
            CoreModuleProperties.NIO_WORKERS.set(server, 1);
            server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
            server.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(authorizedKeys));
            server.setCommandFactory((channel, command) -> new CannedReport());
            server.start();
            SERVERS.add(server);
            knownHosts.append("[127.0.0.1]:").append(server.getPort()).append(' ')
                    .append(PublicKeyEntry.toString(hostKey.getPublic())).append('\n');
        }
        Path knownHostsFile = dir.resolve("known_hosts");
        Files.writeString(knownHostsFile, knownHosts);
        for (int i = 0; i < NODES; i++) {
            FLEET.add(new NodeSpec(String.format("node%03d", i), "127.0.0.1", SERVERS.get(i).getPort(), "root",
                    clientKey.toString(), knownHostsFile.toString(), false, false));
        }
    }

    @AfterAll
    static void stopServers() throws IOException {
        for (SshServer server : SERVERS) {
            server.stop(true);
        }
    }

    @Test
    void connectAndObserveGrowsWithTheFleet() {
        System.out.printf(Locale.ROOT, "%nFleet observe over SSH (MINA sshd on loopback, %d-byte report per node,"
                + " %d cores, load average %.1f: the servers share the client's cores)%n", REPORT.length,
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        observe(FLEET.subList(0, 10), 16); // warm-up: JIT, crypto providers, class loading
        observe(FLEET, 16);
        for (int parallel : new int[] {16, 32, 64}) {
            System.out.printf(Locale.ROOT, "maxParallel=%d%n", parallel);
            double base = 0;
            for (int n : new int[] {1, 10, 100}) {
                double[] millis = new double[ROUNDS];
                for (int round = 0; round < ROUNDS; round++) {
                    millis[round] = observe(FLEET.subList(0, n), parallel).toNanos() / 1e6;
                }
                Arrays.sort(millis);
                double median = millis[ROUNDS / 2];
                base = n == 1 ? median : base;
                System.out.printf(Locale.ROOT, "  %3d nodes: median %7.1f ms  min %7.1f ms  max %7.1f ms"
                        + "  (%.1f x the 1-node time, %.2f ms per node)%n", n, median, millis[0],
                        millis[ROUNDS - 1], median / base, median / n);
            }
            System.out.printf(Locale.ROOT, "  (load average now %.1f)%n",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** One run: fresh factory (no cached connections), connect + one exec per node, all connections closed. */
    private static Duration observe(List<NodeSpec> nodes, int maxParallel) {
        SshSettings settings = SshSettings.defaults().withMaxParallel(maxParallel);
        long start = System.nanoTime();
        List<NodeResult<Integer>> results;
        try (FleetExecutor fleet = new FleetExecutor(new SshTransportFactory(settings,
                new SshClientFiles(dir, null)), settings.maxParallel())) {
            results = fleet.onEachNode(nodes, transport -> {
                CommandResult result = transport.run(io.lvmops.transport.Command.of("lvm", "fullreport",
                        "--reportformat", "json", "--units", "b", "--nosuffix"));
                return result.stdout().length();
            });
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        for (NodeResult<Integer> result : results) {
            assertThat(result.failure()).as(result.node().name()).isNull();
            assertThat(result.value()).isEqualTo(REPORT.length);
        }
        return took;
    }

    /** Answers any exec with the canned report, exit status 0. */
    private static final class CannedReport implements Command {
        private OutputStream out;
        private ExitCallback exit;

        @Override
        public void setOutputStream(OutputStream stdout) {
            out = stdout;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            exit = callback;
        }

        @Override
        public void setInputStream(java.io.InputStream in) {
            // The observation sends nothing on stdin.
        }

        @Override
        public void setErrorStream(OutputStream err) {
            // Nothing on stderr.
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            out.write(REPORT);
            out.flush();
            exit.onExit(0);
        }

        @Override
        public void destroy(ChannelSession channel) {
            // Nothing to stop: start() already finished.
        }
    }
}
