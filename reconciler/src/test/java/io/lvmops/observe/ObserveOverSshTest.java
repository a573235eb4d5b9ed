package io.lvmops.observe;

import io.lvmops.model.NodeSpec;
import io.lvmops.model.Spec;
import io.lvmops.transport.OpenSshServer;
import io.lvmops.transport.SshClientFiles;
import io.lvmops.transport.SshSettings;
import io.lvmops.transport.SshTransportFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The figure "exactly one SSH exec channel per node per observation", counted by a real OpenSSH sshd in a container
 * (its DEBUG1 log records each "request exec"); observe.sh runs there for real, with the container's lvm2, dmsetup,
 * blkid and iscsiadm (it sees no block device: LVM reports nothing, and dmsetup's failure is a warning).
 */
class ObserveOverSshTest {
    @RegisterExtension
    static final OpenSshServer SSHD = OpenSshServer.inContainer();

    @TempDir
    Path temp;

    @Test
    void oneExecChannelPerNodePerObservation() throws Exception {
        Path knownHosts = SSHD.trustingKnownHosts();
        List<NodeSpec> nodes = List.of(SSHD.node("node1", knownHosts), SSHD.node("node2", knownHosts),
                SSHD.node("node3", knownHosts));
        Spec spec = new Spec(nodes, List.of(), List.of(), List.of());
        SshTransportFactory ssh = new SshTransportFactory(SshSettings.defaults()
                .withConnectTimeout(Duration.ofSeconds(5)), new SshClientFiles(temp.resolve("nohome"), null));
        long logins = SSHD.countInLog("Accepted publickey for root");
        long execs = SSHD.countInLog("request exec");

        FleetObservation f = FleetObserver.observeOnce(spec, ssh, 3);

        assertThat(f.nodes()).allSatisfy(n -> {
            assertThat(n.reachable()).as(n.error()).isTrue();
            assertThat(n.lvmVersion()).isNotNull();
            assertThat(n.mounts()).isNotEmpty();
        });
        assertThat(SSHD.countInLog("Accepted publickey for root") - logins).isEqualTo(3);
        assertThat(SSHD.countInLog("request exec") - execs).isEqualTo(3);
    }
}
