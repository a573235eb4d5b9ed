package io.lvmops.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import io.lvmops.model.NodeSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link SshTransport#pipelined()} against a real OpenSSH server (in a container): one exec channel, one shell. */
class PipelinedShellSshTest extends PipelinedShellContract {
    @RegisterExtension
    static final OpenSshServer SSHD = OpenSshServer.inContainer();

    @TempDir
    Path temp;

    private SshTransport transport(NodeSpec node) throws TransportException {
        SshTransportFactory factory = new SshTransportFactory(SshSettings.defaults()
                .withConnectTimeout(Duration.ofSeconds(5)), new SshClientFiles(temp.resolve("nohome"), null));
        return track(factory.open(node));
    }

    private SshTransport root() throws Exception {
        return transport(SSHD.node("node1", SSHD.trustingKnownHosts()));
    }

    @Override
    PipelinedShell open() throws Exception {
        return (PipelinedShell) root().pipelined();
    }

    @Override
    Path sharedDir() {
        return SSHD.dir();
    }

    @Test
    void allCommandsGoThroughOneExecChannelOfTheTransportsConnection() throws Exception {
        long execsBefore = SSHD.countInLog("request exec");
        SshTransport ssh = root();
        PipelinedShell shell = track((PipelinedShell) ssh.pipelined());
        for (int i = 0; i < 20; i++) {
            assertThat(shell.run(Command.of("echo", Integer.toString(i))).stdout()).isEqualTo(i + "\n");
        }
        // the transport itself still runs commands on channels of their own, next to the shell
        assertThat(ssh.run(Command.of("echo", "plain")).stdout()).isEqualTo("plain\n");

        assertThat(ssh.connectionsOpened()).isEqualTo(1);
        assertThat(ssh.execChannelsOpened()).isEqualTo(2);
        assertThat(SSHD.countInLog("request exec") - execsBefore).isEqualTo(2);
        assertThat(SSHD.logText()).contains("Starting session: command for root");
    }

    @Test
    void closingTheShellLeavesTheTransportOpen() throws Exception {
        SshTransport ssh = root();
        try (Transport shell = ssh.pipelined()) {
            assertThat(shell.run(Command.of("true")).exitCode()).isZero();
        }
        assertThat(ssh.run(Command.of("echo", "still")).stdout()).isEqualTo("still\n");
        assertThat(ssh.connectionsOpened()).isEqualTo(1);
    }

    @Test
    void aSudoNodeRunsTheShellThroughSudoOnceWithCLocale() throws Exception {
        NodeSpec plain = SSHD.node("node1", SSHD.trustingKnownHosts());
        NodeSpec sudoNode = new NodeSpec("node1", plain.host(), plain.port(), plain.user(), plain.identityFile(),
                plain.knownHostsFile(), true, false);
        PipelinedShell shell = track((PipelinedShell) transport(sudoNode).pipelined());

        CommandResult result = shell.run(Command.of("sh", "-c",
                "printf '%s|%s|%s' \"$SUDO_USER\" \"$SUDO_COMMAND\" \"$LC_ALL\""));

        assertThat(result.stdout()).isEqualTo("root|/usr/bin/env LC_ALL=C sh -s|C");
    }

    @Test
    void aNonRootSudoerRunsEveryCommandAsRoot() throws Exception {
        NodeSpec node = SSHD.addUser("lvmops", true, "node2", SSHD.trustingKnownHosts());
        PipelinedShell shell = track((PipelinedShell) transport(node).pipelined());

        CommandResult first = shell.run(Command.of("sh", "-c", "printf '%s|%s' \"$(id -un)\" \"$SUDO_USER\""));
        CommandResult second = shell.run(Command.of("id", "-u"));

        assertThat(first.stdout()).isEqualTo("root|lvmops");
        assertThat(second.stdout()).isEqualTo("0\n");
        assertThat(shell.shellsStarted()).isEqualTo(1);
    }

    @Test
    void aUserSudoRefusesIsAClearFailureNotAnEmptyResult() throws Exception {
        NodeSpec node = SSHD.addUser("nosudo", false, "node3", SSHD.trustingKnownHosts());
        PipelinedShell shell = track((PipelinedShell) transport(node).pipelined());

        assertThatThrownBy(() -> shell.run(Command.of("true")))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("the shell ended before the command did")
                .hasMessageContaining("sudo: a password is required")
                .hasMessageContaining("outcome is unknown");
    }

    @Test
    void aConnectionLostUnderACommandIsAnUnknownOutcomeAndTheNextCommandReconnects() throws Exception {
        long loginsBefore = SSHD.countInLog("Accepted publickey for root");
        SshTransport ssh = root();
        PipelinedShell shell = track((PipelinedShell) ssh.pipelined());
        assertThat(shell.run(Command.of("true")).exitCode()).isZero();

        // the sshd serving this connection: the parent of the shell, the grandparent of `timeout`
        assertThatThrownBy(() -> shell.run(Command.of("sh", "-c",
                "kill -9 $(ps -o ppid= -p $(ps -o ppid= -p $PPID)); sleep 5")))
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("outcome is unknown");

        assertThat(shell.run(Command.of("echo", "back")).stdout()).isEqualTo("back\n");
        assertThat(ssh.connectionsOpened()).isEqualTo(2);
        assertThat(shell.shellsStarted()).isEqualTo(2);
        assertThat(SSHD.countInLog("Accepted publickey for root") - loginsBefore).isEqualTo(2);
    }
}
