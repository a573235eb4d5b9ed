package io.lvmops.git;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The git-hooks/ scripts installed by git-hooks/install and run by the real {@code git commit} and {@code git push}
 * in a temporary spec repository, with LVMOPS pointing at this build of lvmops.
 */
class GitHooksTest {
    private static final Path HOOKS = Path.of("..", "git-hooks").toAbsolutePath().normalize();

    @TempDir
    Path tmp;
    GitCli cli;
    Path repo;
    Path remote;

    @BeforeEach
    void specRepositoryWithHooks() throws Exception {
        Path lvmops = tmp.resolve("lvmops");
        Files.writeString(lvmops, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -XX:TieredStopAtLevel=1 -Xshare:auto -cp '" + System.getProperty("java.class.path")
                + "' io.lvmops.cli.LvmopsCommand \"$@\"\n");
        lvmops.toFile().setExecutable(true);
        cli = new GitCli(Files.createDirectories(tmp.resolve("home"))).env("LVMOPS", lvmops.toString());
        remote = tmp.resolve("remote.git");
        repo = tmp.resolve("specs-repo");
        cli.git(tmp, "init", "-q", "--bare", "-b", "main", remote.toString());
        cli.git(tmp, "clone", "-q", remote.toString(), repo.toString());
        String installed = cli.ok(tmp, HOOKS.resolve("install").toString(), repo.toString());
        assertThat(installed).contains("core.hooksPath=" + HOOKS);
        assertThat(cli.git(repo, "config", "core.hooksPath").strip()).isEqualTo(HOOKS.toString());
        Files.createDirectories(repo.resolve("prod"));
        Files.writeString(repo.resolve("prod/nodes.yaml"), SpecTexts.NODES);
        Files.writeString(repo.resolve("prod/storage.yaml"), SpecTexts.STORAGE);
        // Not an lvmops file: the hooks leave it alone even though it is YAML.
        Files.writeString(repo.resolve(".gitlab-ci.yml"), "stages: [test]\n");
    }

    private GitCli.Result commit(String message) {
        return cli.run(repo, "git", "commit", "-q", "-m", message);
    }

    @Test
    void preCommitValidatesTheStagedContentNotTheWorkingTree() throws Exception {
        cli.git(repo, "add", ".");
        GitCli.Result first = commit("valid spec");
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.err()).contains("prod: valid (2 nodes, 1 device, 1 volume group, 1 logical volume)");

        Files.writeString(repo.resolve("prod/storage.yaml"), SpecTexts.lvs("{name: lv01, vg: vg0, size: 1G, owner: node9}"));
        cli.git(repo, "add", "prod/storage.yaml");
        GitCli.Result refused = commit("bad owner");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("prod/storage.yaml:3:44: logicalVolumes[0].owner: node 'node9' is not "
                + "defined; did you mean 'node1'?", "prod: invalid (1 error)", "commit refused")
                .doesNotContain("lvmops-pre-commit.");   // the temporary directory never shows

        // Fixed in the working tree only: the staged content is still invalid, so still refused.
        Files.writeString(repo.resolve("prod/storage.yaml"), SpecTexts.STORAGE);
        assertThat(commit("fixed in working tree only").exitCode()).isNotZero();

        // Staged valid content, broken working tree: accepted (what is committed is what is checked).
        cli.git(repo, "add", "prod/storage.yaml");
        Files.writeString(repo.resolve("prod/storage.yaml"), "apiVersion: lvmops/v1\nlogicalVolumes: {oops\n");
        Files.writeString(repo.resolve("prod/nodes.yaml"), SpecTexts.NODES.replace("node2.test.com", "node2.example.com"));
        cli.git(repo, "add", "prod/nodes.yaml");
        GitCli.Result ok = commit("rename a host");
        assertThat(ok.exitCode()).as(ok.all()).isZero();
        assertThat(cli.git(repo, "log", "--format=%s", "-1").strip()).isEqualTo("rename a host");
    }

    @Test
    void aConfiguredSpecPathIsValidatedAndOthersIgnored() throws Exception {
        cli.git(repo, "config", "lvmops.specPath", "prod");
        Files.createDirectories(repo.resolve("drafts"));
        Files.writeString(repo.resolve("drafts/broken.yaml"), "apiVersion: lvmops/v1\nnodes: 7\n");
        cli.git(repo, "add", ".");
        GitCli.Result r = commit("prod plus a broken draft outside the spec path");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.err()).contains("prod: valid").doesNotContain("drafts");
    }

    @Test
    void prePushPrintsTheSemanticDiffAndRefusesAnInvalidSpec() throws Exception {
        cli.git(repo, "add", ".");
        assertThat(commit("initial").exitCode()).isZero();
        GitCli.Result firstPush = cli.run(repo, "git", "push", "-q", "origin", "main");
        assertThat(firstPush.exitCode()).as(firstPush.all()).isZero();
        cli.git(repo, "fetch", "-q", "origin");

        Files.writeString(repo.resolve("prod/storage.yaml"), SpecTexts.lvs(
                "{name: lv01, vg: vg0, size: 2G, owner: node2}", "{name: lv03, vg: vg0, size: 5G, owner: node2}"));
        cli.git(repo, "commit", "-q", "-am", "grow and hand over lv01, add lv03");
        GitCli.Result push = cli.run(repo, "git", "push", "origin", "main");
        assertThat(push.exitCode()).as(push.all()).isZero();
        // LC_ALL=C (as in GitCli): plain ASCII arrows rather than '?'.
        assertThat(push.err()).contains("lv01: owner node1 -> node2, size 1G -> 2G", "+ lv03 (vg0, 5G, node2)",
                "2 changes: 1 added, 1 changed, 0 removed.");

        Files.writeString(repo.resolve("prod/storage.yaml"), SpecTexts.lvs("{name: lv01, vg: vg0, size: 2G, owner: node7}"));
        cli.git(repo, "commit", "-q", "--no-verify", "-am", "bad owner, pre-commit skipped");
        String sha = cli.git(repo, "rev-parse", "--short=12", "HEAD").strip();
        GitCli.Result refused = cli.run(repo, "git", "push", "origin", "main");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains(sha + ":prod/storage.yaml:3:44: logicalVolumes[0].owner: node 'node7'",
                "push refused");
        assertThat(cli.git(remote, "rev-parse", "--short=12", "main").strip()).isNotEqualTo(sha);
    }
}
