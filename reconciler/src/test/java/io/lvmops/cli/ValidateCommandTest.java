package io.lvmops.cli;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ValidateCommandTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    Path dir;

    @Test
    void aValidSpecPrintsASummaryOnStdoutAndExitsZero() {
        CliRun run = CliRun.run("validate", EXAMPLES.resolve("two-nodes").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).isEqualTo(EXAMPLES.resolve("two-nodes")
                + ": valid (2 nodes, 1 device, 1 volume group, 1 logical volume)" + System.lineSeparator());
        assertThat(run.err()).isEmpty();
    }

    @Test
    void theMultiExampleIsValid() {
        CliRun run = CliRun.run("validate", EXAMPLES.resolve("multi").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("valid (3 nodes, 2 devices, 2 volume groups, 5 logical volumes)");
    }

    @Test
    void anInvalidSpecPrintsEveryErrorAndACountOnStderrAndExitsThree() throws IOException {
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, "apiVersion: lvmops/v1\nnodes:\n  - name: node1\n    host: h\n    port: 0\n"
                + "logicalVolumes:\n  - {name: lv01, vg: vg0, size: 1GB, owner: node1}\n");
        CliRun run = CliRun.run("validate", spec.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).containsExactly(
                spec + ":5:11: nodes[0].port: port 0 is out of range 1-65535",
                spec + ":7:22: logicalVolumes[0].vg: volume group 'vg0' is not defined",
                spec + ":7:33: logicalVolumes[0].size: '1GB': decimal units (GB) are not supported; sizes are binary as in LVM: use G or GiB (1G = 1GiB = 2^30 bytes)",
                spec + ": invalid (3 errors)");
    }

    @Test
    void aMissingPathIsAClearErrorWithExitThree() {
        CliRun run = CliRun.run("validate", dir.resolve("nope").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err().lines()).containsExactly(dir.resolve("nope") + ": no such file or directory",
                dir.resolve("nope") + ": invalid (1 error)");
    }

    @Test
    void usageErrorsExitThreeAndHelpWorks() {
        assertThat(CliRun.run("validate").exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(CliRun.run("validate").err()).contains("Missing required parameter: 'SPEC'");
        CliRun help = CliRun.run("validate", "--help");
        assertThat(help.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(help.out()).contains("Usage: lvmops validate", "SPEC");
        assertThat(CliRun.run("--help").out()).contains("validate");
    }

    @Property(tries = 150)
    void neverAStackTrace(@ForAll @Size(max = 400) String text) throws IOException {
        Path d = Files.createTempDirectory("lvmops-validate");
        try {
            Path spec = d.resolve("spec.yaml");
            Files.writeString(spec, "apiVersion: lvmops/v1\n" + text);
            CliRun run = CliRun.run("validate", spec.toString());
            assertThat(run.exitCode()).isIn(ExitCode.OK, ExitCode.INVALID);
            assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("internal error");
        } finally {
            Files.walk(d).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
