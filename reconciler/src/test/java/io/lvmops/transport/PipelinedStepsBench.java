package io.lvmops.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.lvmops.lab.Lab;
import io.lvmops.lab.LabExtension;
import io.lvmops.lab.LabSize;
import io.lvmops.model.NodeSpec;
import io.lvmops.model.load.LoadedSpec;
import io.lvmops.model.load.SpecLoader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's per-step cost on a real lab node (QEMU TCG): the same {@value #STEPS} short commands run three ways over
 * one SSH connection, alternating, {@value #ROUNDS} rounds:
 * <ul>
 *   <li>one exec channel each ({@link SshTransport#run}, what apply did before pipelining);</li>
 *   <li>one pipelined shell ({@link SshTransport#pipelined()}, what apply does now; the shell's start included);</li>
 *   <li>one {@code sh -c} script with all of them on one channel: what a hand-written script does, the floor.</li>
 * </ul>
 * Prints the median per-step cost of each and the ratios. The command is {@code mkdir -p} of a directory, a real
 * apply step that costs ~0.03 s itself; {@code lvm version} rounds show the same with an LVM call.
 * <pre>LVMOPS_TEST_LAB_STATE=... LVMOPS_TEST_LAB_SSH_PORT_BASE=... LVMOPS_TEST_LAB_ISCSI_PORT=... \
 * mvn -o -pl reconciler test -Dtest=PipelinedStepsBench -Dtest.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@Tag("bench")
@EnabledIf(value = "io.lvmops.lab.Lab#available", disabledReason = "lab/lab is absent from this checkout")
@ExtendWith(LabExtension.class)
@LabSize(nodes = 2, luns = 1, lunSize = "2G")
class PipelinedStepsBench {
    private static final int STEPS = 15;
    private static final int ROUNDS = 7;

    @TempDir
    Path tmp;

    @Test
    void perStepCostOfAChannelEachVersusOnePipelinedShell(Lab lab) throws Exception {
        String storage = Files.readString(lab.repositoryRoot().resolve("examples/two-nodes/storage.yaml"));
        LoadedSpec loaded = SpecLoader.load(lab.specDirectory(tmp.resolve("spec"), Map.of("storage.yaml", storage)));
        assertThat(loaded.errors()).isEmpty();
        NodeSpec node = loaded.spec().node("node1").orElseThrow();
        System.out.printf(Locale.ROOT, "%n[bench] %d steps per round, %d rounds, node1 of the lab (QEMU TCG); %d cores,"
                + " load average at start %s%n", STEPS, ROUNDS, Runtime.getRuntime().availableProcessors(), load());
        try (SshTransport ssh = new SshTransportFactory(SshSettings.defaults()).open(node)) {
            ssh.run(Command.of("true")); // connect first: the connection is not what is measured
            compare(ssh, List.of("mkdir", "-p", "/tmp/lvmops-bench"));
            compare(ssh, List.of("lvm", "version"));
        }
        System.out.printf(Locale.ROOT, "[bench] load average at end %s%n", load());
    }

    private static void compare(SshTransport ssh, List<String> argv) throws Exception {
        List<Double> channels = new ArrayList<>();
        List<Double> pipelined = new ArrayList<>();
        List<Double> script = new ArrayList<>();
        String oneScript = String.join("; ", Collections.nCopies(STEPS, ShellQuoting.join(argv) + " </dev/null"));
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < STEPS; i++) {
                assertThat(ssh.run(Command.of(argv)).exitCode()).isZero();
            }
            channels.add(perStep(start));

            start = System.nanoTime();
            try (Transport shell = ssh.pipelined()) {
                for (int i = 0; i < STEPS; i++) {
                    assertThat(shell.run(Command.of(argv)).exitCode()).isZero();
                }
            }
            pipelined.add(perStep(start));

            start = System.nanoTime();
            assertThat(ssh.run(Command.of("sh", "-c", oneScript)).exitCode()).isZero();
            script.add(perStep(start));
        }
        double c = median(channels);
        double p = median(pipelined);
        double s = median(script);
        System.out.printf(Locale.ROOT, "[bench] %-24s per step (median of %d): channel each %6.1f ms | pipelined"
                        + " shell %6.1f ms | one script %6.1f ms ; pipelined/script %.2f, channel/script %.2f,"
                        + " saved %.1f ms per step (load %s)%n", String.join(" ", argv), ROUNDS, c, p, s, p / s,
                c / s, c - p, load());
        System.out.printf(Locale.ROOT, "[bench]   rounds: channel each %s; pipelined %s; script %s%n", rounded(channels),
                rounded(pipelined), rounded(script));
    }

    private static double perStep(long start) {
        return (System.nanoTime() - start) / 1e6 / STEPS;
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static String rounded(List<Double> values) {
        return Arrays.toString(values.stream().mapToLong(Math::round).toArray());
    }

    private static String load() throws java.io.IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }
}
