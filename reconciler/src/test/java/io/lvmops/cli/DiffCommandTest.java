package io.lvmops.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code lvmops diff OLD NEW} on local paths; the Git form is tested in io.lvmops.git.GitDiffHistoryTest. */
class DiffCommandTest {
    private static final Path TWO_NODES = Path.of("..", "examples", "two-nodes");
    /** Under a C locale the CLI prints ASCII arrows (see GitHooksTest); this JVM's locale decides. */
    private static final String TO = DiffCommand.stdoutCanEncode('→') ? "→" : "->";

    @TempDir
    Path tmp;

    private Path copyWith(String storageYaml) throws IOException {
        Path d = Files.createDirectories(tmp.resolve("new"));
        Files.copy(TWO_NODES.resolve("nodes.yaml"), d.resolve("nodes.yaml"));
        Files.writeString(d.resolve("storage.yaml"), storageYaml);
        return d;
    }

    @Test
    void sameSpecExitsZero() {
        CliRun run = CliRun.run("diff", TWO_NODES.toString(), TWO_NODES.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).endsWith("No differences.\n");
    }

    @Test
    void differencesExitTwoInTextMarkdownAndJson() throws IOException {
        String storage = Files.readString(TWO_NODES.resolve("storage.yaml"))
                .replace("size: 1G ", "size: 2G ").replace("owner: node1 ", "owner: node2 ");
        Path changed = copyWith(storage);
        CliRun text = CliRun.run("diff", TWO_NODES.toString(), changed.toString());
        assertThat(text.exitCode()).isEqualTo(ExitCode.CHANGES);
        assertThat(text.out()).isEqualTo("Spec diff " + TWO_NODES + " " + TO + " " + changed + "\n"
                + "lv01: owner node1 " + TO + " node2, size 1G " + TO + " 2G\n"
                + "1 change: 0 added, 1 changed, 0 removed.\n");
        CliRun md = CliRun.run("diff", "--markdown", TWO_NODES.toString(), changed.toString());
        assertThat(md.exitCode()).isEqualTo(ExitCode.CHANGES);
        assertThat(md.out()).contains("- `lv01: owner node1 " + TO + " node2, size 1G " + TO + " 2G`");
        CliRun json = CliRun.run("diff", "--json", TWO_NODES.toString(), changed.toString());
        assertThat(json.out()).contains("\"field\" : \"size\"", "\"old\" : \"1G\"", "\"new\" : \"2G\"");
        assertThat(CliRun.run("diff", "--json", "--markdown", TWO_NODES.toString(), changed.toString()).exitCode())
                .isEqualTo(ExitCode.INVALID);
    }

    @Test
    void anInvalidSideExitsThreeWithFileAndLine() throws IOException {
        Path bad = copyWith("apiVersion: lvmops/v1\nlogicalVolumes:\n  - {name: lv01, vg: vg0, size: 1G, owner: nodeX}\n");
        CliRun run = CliRun.run("diff", TWO_NODES.toString(), bad.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains(bad.resolve("storage.yaml") + ":3:44: logicalVolumes[0].owner: node 'nodeX'");
        assertThat(CliRun.run("diff", TWO_NODES.toString()).exitCode()).isEqualTo(ExitCode.INVALID);
    }
}
