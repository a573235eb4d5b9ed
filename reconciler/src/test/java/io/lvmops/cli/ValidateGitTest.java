package io.lvmops.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code lvmops validate --git …} end to end through LvmopsCommand.execute, on a repository made by JGit. */
class ValidateGitTest {
    @TempDir
    Path tmp;
    Path remote;
    String sha;

    @BeforeEach
    void remoteWithTheExamples() throws Exception {
        remote = tmp.resolve("remote.git");
        Path work = tmp.resolve("work");
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setInitialBranch("main")
                .setDirectory(work.toFile()).call()) {
            copy(Path.of("..", "examples", "two-nodes"), work.resolve("specs"));
            Files.writeString(work.resolve("specs/bad.yml.txt"), "ignored: not a yaml name\n");
            git.add().addFilepattern(".").call();
            sha = git.commit().setMessage("spec").setAuthor("a", "a@x").setCommitter("a", "a@x").setSign(false)
                    .call().getName();
            org.eclipse.jgit.api.Git.cloneRepository().setBare(true).setURI(work.toUri().toString())
                    .setDirectory(remote.toFile()).call().close();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    @Test
    void validatesTheSpecAtARevisionAndSaysWhichOne() {
        CliRun run = CliRun.run("validate", "--git", "file://" + remote, "--path", "specs",
                "--git-cache-dir", tmp.resolve("cache").toString());
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).isEqualTo("file://" + remote + "//specs (main@sha1:" + sha + "): valid (2 nodes, "
                + "1 device, 1 volume group, 1 logical volume)" + System.lineSeparator());
    }

    @Test
    void anInvalidSpecInGitExitsThreeNamingRevisionFileAndLine() {
        CliRun run = CliRun.run("validate", "--git", remote.toString(), "--ref", sha.substring(0, 10),
                "--git-cache-dir", tmp.resolve("cache").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).contains("sha1:" + sha.substring(0, 12) + ":.: the directory has no *.yaml or *.yml file");
    }

    @Test
    void gitFailuresExitOneWithoutAStackTraceAndUsageErrorsExitThree() {
        CliRun missing = CliRun.run("validate", "--git", "file://" + tmp.resolve("none.git"),
                "--git-cache-dir", tmp.resolve("cache").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCode.ERROR);
        assertThat(missing.err()).startsWith("lvmops: error: cannot fetch file://" + tmp.resolve("none.git"))
                .doesNotContain("\tat ");
        CliRun noRef = CliRun.run("validate", "--git", "file://" + remote, "--ref", "nope",
                "--git-cache-dir", tmp.resolve("cache").toString());
        assertThat(noRef.exitCode()).isEqualTo(ExitCode.ERROR);
        assertThat(noRef.err()).contains("no branch, tag or commit named 'nope'");
        CliRun both = CliRun.run("validate", "examples", "--git", "file://" + remote);
        assertThat(both.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(both.err()).contains("give either SPEC or --git URL, not both");
        CliRun refAlone = CliRun.run("validate", "examples", "--ref", "main");
        assertThat(refAlone.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(refAlone.err()).contains("--ref needs --git URL");
    }
}
