package io.lvmops.cli;

import io.lvmops.observe.FleetObservation;
import io.lvmops.observe.ObservationJson;
import io.lvmops.transport.Command;
import io.lvmops.transport.CommandResult;
import io.lvmops.transport.LocalTransport;
import io.lvmops.transport.Transport;
import io.lvmops.transport.TransportException;
import io.lvmops.transport.TransportFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** observe and status through the real command line, with transports that do not need SSH. */
class ObserveStatusCommandTest {

    record Run(int exitCode, String out, String err) {
    }

    static Run run(TransportFactory transports, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = LvmopsCommand.newCommandLine(transports);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A two-node spec whose probe paths are exactly those of the host fixture host/a-observe.out. */
    static Path hostSpec(Path dir) throws IOException {
        return Files.writeString(dir.resolve("spec.yaml"), """
                apiVersion: lvmops/v1
                nodes:
                  - name: node1
                    host: node1.test
                  - name: node2
                    host: node2.test
                devices:
                  - {name: d0, path: /dev/loop0}
                  - {name: d1, path: /dev/loop1}
                  - {name: d4, path: /dev/loop4}
                  - {name: d5, path: /dev/loop5}
                  - {name: dx, path: /dev/nonexistent}
                volumeGroups:
                  - {name: vgobs, devices: [d0], guard: none}
                logicalVolumes:
                  - {name: lv01, vg: vgobs, size: 100M, owner: node1}
                """);
    }

    /** Answers the observe exec with the real host capture, under the nonce lvmops chose for this run. */
    static Transport replay(String node, String fixture) {
        return new Transport() {
            @Override
            public String node() {
                return node;
            }

            @Override
            public CommandResult run(Command command) {
                String nonce = command.argv().get(4);
                return new CommandResult(0, fixture(fixture).replace("@@lvmops-fixture ", "@@lvmops-" + nonce + " "),
                        "", Duration.ZERO);
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void observeWritesTheSnapshotAndExitsOneNamingAnUnreachableNode(@TempDir Path dir) throws Exception {
        Path snap = dir.resolve("snap.json");
        Run r = run(node -> {
            if (node.name().equals("node2")) {
                throw new TransportException("node2", "connect to node2.test:22 failed: Connection refused");
            }
            return replay(node.name(), "host/a-observe.out");
        }, "observe", hostSpec(dir).toString(), "--out", snap.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCode.ERROR);
        assertThat(r.out()).isEqualTo(snap + ": observed 1 of 2 node(s)\n");
        assertThat(r.err()).contains("lvmops: warning: node node2 is unreachable, its state is unknown: "
                + "connect to node2.test:22 failed: Connection refused");
        FleetObservation f = ObservationJson.read(Files.readString(snap), snap.toString());
        assertThat(f.nodes()).extracting(n -> n.node() + ":" + n.reachable())
                .containsExactly("node1:true", "node2:false");
        assertThat(f.node("node1").orElseThrow().lv("vgobs", "lv01")).isPresent();
    }

    @Test
    void observeOnThisHostForRealPrintsJsonOnStdout(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("spec.yaml"), """
                apiVersion: lvmops/v1
                nodes:
                  - {name: local, host: localhost}
                """);
        Run r = run(node -> new LocalTransport(node.name(), false), "observe", spec.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.OK);
        FleetObservation f = ObservationJson.read(r.out(), "stdout");
        assertThat(f.nodes()).singleElement().satisfies(n -> {
            assertThat(n.reachable()).as(n.error()).isTrue();
            assertThat(n.mounts()).isNotEmpty();
        });
    }

    @Test
    void statusFlagsAnLvThatMayBeActiveOnTwoNodes(@TempDir Path dir) throws Exception {
        // the host has no device-mapper: LVM says 'X' (unknown) for lv01 on both "nodes", which must count as active
        Path spec = hostSpec(dir);
        Run r = run(node -> replay(node.name(), "host/a-observe.out"), "status", spec.toString(),
                "--state-dir", dir.resolve("state").toString());

        assertThat(r.exitCode()).isEqualTo(ExitCode.ERROR);
        assertThat(r.out()).isEqualTo("Applied revision: none recorded on this machine (spec now at "
                + SpecRevision.of(spec) + ")\n" + """
                    LV          SIZE  OWNER         node1    node2
                !!  vgobs/lv01  100M  node1         active?  active?
                !!  vgobs/lv02  200M  (undeclared)  active?  active?

                GUARD
                  vg vgobs: none
                  vgobs/lv01 owner tag: (none)
                  (every VG is guard: none: only lvmops' ordering protects them)

                !! vgobs/lv01 is active on 2 nodes: node1, node2
                !! vgobs/lv01 is active on node2, not its owner node1
                !! vgobs/lv02 is active on 2 nodes: node1, node2
                !! vgobs/lv02 is active on node1, node2 but the spec does not declare it
                !! vgobs's LVs are unknown on node1: device-mapper could not be read on node1 (dmsetup info exited 1: /dev/mapper/control: open failed: No such device)
                !! vgobs's LVs are unknown on node2: device-mapper could not be read on node2 (dmsetup info exited 1: /dev/mapper/control: open failed: No such device)
                """);
        assertThat(r.err()).contains("lvmops: node1: vgobs/lv01: LVM cannot tell whether it is active here");
    }

    @Test
    void statusJsonAndInvalidSpec(@TempDir Path dir) throws Exception {
        Run r = run(node -> replay(node.name(), "host/a-observe.out"), "status", "--json", hostSpec(dir).toString(),
                "--state-dir", dir.resolve("state").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.ERROR);
        assertThat(r.out()).contains("\"healthy\" : false", "\"doubleActive\" : true", "\"formatVersion\" : 1",
                "\"specRevision\" : \"sha256:", "\"appliedRevision\" : null");

        Path bad = Files.writeString(dir.resolve("bad.yaml"), "apiVersion: lvmops/v1\nnodes: 3\n");
        Run invalid = run(node -> {
            throw new AssertionError("an invalid spec must not contact any node");
        }, "status", bad.toString());
        assertThat(invalid.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(invalid.err()).contains("bad.yaml:2");
    }

    /** status' text output without its first line, which must be the applied revision. */
    static String withoutAppliedLine(String out) {
        assertThat(out).startsWith("Applied revision: ");
        return out.substring(out.indexOf('\n') + 1);
    }

    static String fixture(String path) {
        try (InputStream in = ObserveStatusCommandTest.class.getResourceAsStream("/observe/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
