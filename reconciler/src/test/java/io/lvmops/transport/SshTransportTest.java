package io.lvmops.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import io.lvmops.model.NodeSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link SshTransport} against a real OpenSSH server in a container. */
class SshTransportTest {
    @RegisterExtension
    static final OpenSshServer SSHD = OpenSshServer.inContainer();

    @TempDir
    Path temp;

    private SshTransportFactory factory(boolean acceptNew) {
        return new SshTransportFactory(SshSettings.defaults().withAcceptNewHostKeys(acceptNew)
                .withConnectTimeout(Duration.ofSeconds(5)), new SshClientFiles(temp.resolve("nohome"), null));
    }

    private SshTransport trusted(String name) throws Exception {
        return factory(false).open(SSHD.node(name, SSHD.trustingKnownHosts()));
    }

    @Test
    void returnsExitCodeStdoutAndStderr() throws Exception {
        try (SshTransport ssh = trusted("node1")) {
            CommandResult result = ssh.run(Command.of("sh", "-c", "echo out; echo err >&2; exit 7"));

            assertThat(result.exitCode()).isEqualTo(7);
            assertThat(result.stdout()).isEqualTo("out\n");
            assertThat(result.stderr()).isEqualTo("err\n");
            assertThat(result.duration()).isPositive();
        }
    }

    @Test
    void aCommandPrintingMoreThanTheLimitFailsAndTheConnectionStaysUsable() throws Exception {
        try (SshTransport ssh = trusted("node1")) {
            assertThatThrownBy(() -> ssh.run(Command.of("sh", "-c",
                            "head -c 300000000 /dev/zero")))
                    .isInstanceOf(TransportException.class).hasMessageContaining("printed more than 16 MiB");
            assertThat(ssh.run(Command.of("echo", "ok")).stdout()).isEqualTo("ok\n");
        }
    }

    @Test
    void stdinArrivesByteForByteAndEndsWithEof() throws Exception {
        byte[] input = new byte[1 << 20];
        new Random(42).nextBytes(input);
        try (SshTransport ssh = trusted("node1")) {
            CommandResult result = ssh.run(Command.of("sha256sum").withStdin(input));
            CommandResult empty = ssh.run(Command.of("wc", "-c"));

            assertThat(result.stdout()).startsWith(sha256Hex(input) + " ");
            assertThat(empty.stdout().trim()).isEqualTo("0");
        }
    }

    @Test
    void argumentsArriveIntactAndAreNeverRunByTheShell() throws Exception {
        // in the directory the server's container shares: the commands run there, the assertion reads it here
        Path pwned = SSHD.dir().resolve("lvmops-pwned-" + UUID.randomUUID());
        List<String> nasty = List.of("$(touch " + pwned + ")", "`touch " + pwned + "`", "; touch " + pwned,
                "a'b\"c", "it's", "\\", "two words", "line1\nline2", "*", "~", "$HOME", "", "-n", "ünïcødé 中 😀",
                "&& touch " + pwned + " ||", "|", ">" + pwned);
        List<String> argv = new ArrayList<>(List.of("printf", "%s\\0"));
        argv.addAll(nasty);
        try (SshTransport ssh = trusted("node1")) {
            CommandResult result = ssh.run(Command.of(argv));

            assertThat(result.exitCode()).isZero();
            assertThat(splitNul(result.stdout())).containsExactlyElementsOf(nasty);
        }
        assertThat(pwned).doesNotExist();
    }

    @Test
    void everyCommandRunsUnderCLocale() throws Exception {
        try (SshTransport ssh = trusted("node1")) {
            CommandResult result = ssh.run(Command.of("sh", "-c", "printf '%s|%s' \"$LC_ALL\" \"$SUDO_USER\""));

            assertThat(result.stdout()).isEqualTo("C|");
        }
    }

    @Test
    void sudoNodeRunsTheProgramThroughSudoNonInteractivelyWithCLocale() throws Exception {
        NodeSpec plain = SSHD.node("node1", SSHD.trustingKnownHosts());
        NodeSpec sudoNode = new NodeSpec("node1", plain.host(), plain.port(), plain.user(), plain.identityFile(),
                plain.knownHostsFile(), true, false);
        try (SshTransport ssh = factory(false).open(sudoNode)) {
            CommandResult result = ssh.run(Command.of("sh", "-c",
                    "printf '%s|%s|%s' \"$SUDO_USER\" \"$SUDO_COMMAND\" \"$LC_ALL\""));

            assertThat(result.exitCode()).isZero();
            // sudo sets SUDO_USER/SUDO_COMMAND in its child: the program really ran through sudo, env inside it.
            assertThat(result.stdout()).startsWith("root|/usr/bin/env LC_ALL=C timeout -k 5.000s 301.000s sh -c ")
                    .endsWith("|C");
        }
        assertThat(SSHD.logText()).contains("Starting session: command for root");
    }

    @Test
    void authenticatesWithTheDefaultKeyWhenTheNodeNamesNone() throws Exception {
        NodeSpec node = new NodeSpec("node1", "127.0.0.1", SSHD.port(), "root", null,
                SSHD.trustingKnownHosts().toString(), false, false);
        SshTransportFactory defaults = new SshTransportFactory(SshSettings.defaults(),
                new SshClientFiles(SSHD.clientHome(), null));
        try (SshTransport ssh = defaults.open(node)) {
            assertThat(ssh.run(Command.of("true")).exitCode()).isZero();
        }
    }

    @Test
    void authenticatesThroughTheSshAgentWhenNoKeyFileIsAround() throws Exception {
        Path socket = temp.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectErrorStream(true).redirectOutput(temp.resolve("agent.out").toFile()).start();
        try {
            ProcessBuilder add = new ProcessBuilder("ssh-add", SSHD.userKey().toString()).redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            // ssh-add fails until the agent's socket exists; retry briefly instead of sleeping a fixed time.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
            while (add.start().waitFor() != 0) {
                assertThat(System.nanoTime()).as("ssh-agent did not come up").isLessThan(deadline);
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
            }
            NodeSpec node = new NodeSpec("node1", "127.0.0.1", SSHD.port(), "root", null,
                    SSHD.trustingKnownHosts().toString(), false, false);
            SshTransportFactory viaAgent = new SshTransportFactory(SshSettings.defaults(),
                    new SshClientFiles(temp.resolve("empty-home"), socket));

            try (SshTransport ssh = viaAgent.open(node)) {
                assertThat(ssh.run(Command.of("true")).exitCode()).isZero();
            }
        } finally {
            agent.destroy();
            agent.waitFor();
        }
    }

    @Test
    void aKeyTheServerDoesNotAcceptIsAClearLoginFailure() throws Exception {
        NodeSpec node = new NodeSpec("node1", "127.0.0.1", SSHD.port(), "root", SSHD.otherUserKey().toString(),
                SSHD.trustingKnownHosts().toString(), false, false);
        // the connection is made by open
        assertThatThrownBy(() -> factory(false).open(node))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("cannot log in to node node1 (127.0.0.1:" + SSHD.port() + ") as root")
                .hasMessageContaining(SSHD.otherUserKey().toString());
    }

    @Test
    void unknownHostKeyIsRefusedWithItsFingerprint() throws Exception {
        Path knownHosts = temp.resolve("known_hosts");
        // the connection is made by open
        assertThatThrownBy(() -> factory(false).open(SSHD.node("node7", knownHosts)))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("node7 (127.0.0.1:" + SSHD.port() + ")")
                .hasMessageContaining("ssh-ed25519 " + SSHD.hostKeyFingerprint())
                .hasMessageContaining("--accept-new-host-keys");
        assertThat(knownHosts).doesNotExist();
        assertThat(SSHD.hostKeyFingerprint()).startsWith("SHA256:");
    }

    @Test
    void openConnectsAtOnceSoThatNodesOpenedOnSeveralThreadsHandshakeInParallel() throws Exception {
        try (SshTransport ssh = factory(false).open(SSHD.node("node1", SSHD.trustingKnownHosts()))) {
            assertThat(ssh.connectionsOpened()).isEqualTo(1);
            assertThat(ssh.execChannelsOpened()).isZero();
            assertThat(ssh.run(Command.of("true")).exitCode()).isZero();
            assertThat(ssh.connectionsOpened()).isEqualTo(1);
        }
    }

    @Test
    void acceptNewAddsTheKeyLikeOpenSshAndLaterConnectionsTrustIt() throws Exception {
        Path knownHosts = temp.resolve("ssh/known_hosts");
        try (SshTransport ssh = factory(true).open(SSHD.node("node1", knownHosts))) {
            assertThat(ssh.run(Command.of("true")).exitCode()).isZero();
        }
        assertThat(Files.readString(knownHosts)).isEqualTo(SSHD.knownHostsLine());
        // OpenSSH's own tools find it: the file stays compatible.
        assertThat(OpenSshServer.run(List.of("ssh-keygen", "-F", "[127.0.0.1]:" + SSHD.port(), "-f",
                knownHosts.toString()))).contains("ssh-ed25519");

        try (SshTransport strict = factory(false).open(SSHD.node("node1", knownHosts))) {
            assertThat(strict.run(Command.of("true")).exitCode()).isZero();
        }
        assertThat(Files.readAllLines(knownHosts)).hasSize(1);
    }

    @Test
    void changedHostKeyIsRefusedEvenWithAcceptNew() throws Exception {
        Path impostorKey = temp.resolve("impostor");
        OpenSshServer.keygen(impostorKey, "ed25519");
        Path knownHosts = temp.resolve("known_hosts");
        String before = "[127.0.0.1]:" + SSHD.port() + " "
                + OpenSshServer.publicKeyFields(Path.of(impostorKey + ".pub")) + "\n";
        Files.writeString(knownHosts, before);

        // the connection is made by open
        assertThatThrownBy(() -> factory(true).open(SSHD.node("node3", knownHosts)))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("REFUSED")
                .hasMessageContaining("node3 (127.0.0.1:" + SSHD.port() + ")")
                .hasMessageContaining("CHANGED")
                .hasMessageContaining(SSHD.hostKeyFingerprint())
                .hasMessageContaining(OpenSshServer.fingerprintOf(Path.of(impostorKey + ".pub")));
        assertThat(Files.readString(knownHosts)).isEqualTo(before);
    }

    @Test
    void aCommandThatOutlivesItsTimeoutFailsAndTheConnectionStaysUsable() throws Exception {
        try (SshTransport ssh = trusted("node1")) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> ssh.run(Command.of("sleep", "29.5").withTimeout(Duration.ofMillis(300))))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("did not finish within PT0.3S");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

            assertThat(ssh.run(Command.of("echo", "still here")).stdout()).isEqualTo("still here\n");
            assertThat(ssh.connectionsOpened()).isEqualTo(1);
            // The program does not outlive the timeout on the node either: the node's own `timeout` stops it
            // ~1 s later (OpenSSH ignores the TERM "signal" request we also send, for root logins).
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
            while (ssh.run(Command.of("pgrep", "-x", "-f", "sleep 29.5")).exitCode() == 0) {
                assertThat(System.nanoTime()).as("the timed-out remote program is still running").isLessThan(deadline);
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
            }
        }
    }

    @Test
    void oneConnectionCarriesEveryCommandOfTheRunAndEachCommandIsOneExecChannel() throws Exception {
        long loginsBefore = SSHD.countInLog("Accepted publickey for root");
        long execsBefore = SSHD.countInLog("request exec");
        try (SshTransport ssh = trusted("node1")) {
            for (int i = 0; i < 5; i++) {
                assertThat(ssh.run(Command.of("echo", Integer.toString(i))).stdout()).isEqualTo(i + "\n");
            }
            assertThat(ssh.connectionsOpened()).isEqualTo(1);
            assertThat(ssh.execChannelsOpened()).isEqualTo(5);
        }
        // The server's own account agrees with ours.
        assertThat(SSHD.countInLog("Accepted publickey for root") - loginsBefore).isEqualTo(1);
        assertThat(SSHD.countInLog("request exec") - execsBefore).isEqualTo(5);
    }

    @Test
    void aConnectionLostBetweenCommandsIsReopenedOnce() throws Exception {
        long loginsBefore = SSHD.countInLog("Accepted publickey for root");
        try (SshTransport ssh = trusted("node1")) {
            assertThat(ssh.run(Command.of("true")).exitCode()).isZero();
            // Kill the sshd process serving this connection (the parent of `timeout`, this shell's parent): the
            // connection drops under the running command.
            assertThatThrownBy(() -> ssh.run(Command.of("sh", "-c", "kill -9 $(ps -o ppid= -p $PPID); sleep 5")))
                    .isInstanceOf(TransportException.class)
                    .hasMessageContaining("outcome is unknown");

            assertThat(ssh.run(Command.of("echo", "back")).stdout()).isEqualTo("back\n");
            assertThat(ssh.connectionsOpened()).isEqualTo(2);
        }
        assertThat(SSHD.countInLog("Accepted publickey for root") - loginsBefore).isEqualTo(2);
    }

    @Test
    void aClosedPortIsAnUnreachableNodeWithItsReason() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        NodeSpec node = SSHD.node("node9", SSHD.trustingKnownHosts()).withPort(closedPort);
        // the connection is made by open
        assertThatThrownBy(() -> factory(false).open(node))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("node9 (127.0.0.1:" + closedPort + ")")
                .hasMessageContaining("connection refused")
                .satisfies(e -> assertThat(((TransportException) e).node()).isEqualTo("node9"));
    }

    static List<String> splitNul(String output) {
        assertThat(output).endsWith("\0");
        return Arrays.asList(output.substring(0, output.length() - 1).split("\0", -1));
    }

    private static String sha256Hex(byte[] bytes) throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        StringBuilder hex = new StringBuilder();
        for (byte b : digest) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

}
