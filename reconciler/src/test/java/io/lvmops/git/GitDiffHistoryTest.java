package io.lvmops.git;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A history made with the git CLI, with a spec file renamed along the way; diff and revisions over file://. */
class GitDiffHistoryTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static synchronized Run lvmops(String... args) {
        PrintStream o = System.out;
        PrintStream e = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = io.lvmops.cli.LvmopsCommand.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(o);
            System.setErr(e);
        }
    }

    private static final String TO = io.lvmops.cli.DiffCommandTestAccess.arrow();

    @Test
    void renameThenChangeDiffsSemanticallyAndRevisionsFollowTheCommits() throws Exception {
        GitCli cli = new GitCli(Files.createDirectories(tmp.resolve("home")));
        Path remote = tmp.resolve("remote.git");
        Path work = tmp.resolve("work");
        cli.git(tmp, "init", "-q", "--bare", "-b", "main", remote.toString());
        cli.git(tmp, "clone", "-q", remote.toString(), work.toString());
        Files.createDirectories(work.resolve("specs"));
        Files.writeString(work.resolve("specs/nodes.yaml"), SpecTexts.NODES);
        Files.writeString(work.resolve("specs/storage.yaml"), SpecTexts.lvs(
                "{name: lv01, vg: vg0, size: 1G, owner: node1}", "{name: lv04, vg: vg0, size: 1G, owner: node2}"));
        cli.git(work, "add", ".");
        cli.git(work, "commit", "-q", "-m", "initial");
        String v1 = cli.git(work, "rev-parse", "HEAD").strip();
        cli.git(work, "tag", "v1");
        cli.git(work, "mv", "specs/storage.yaml", "specs/volumes.yaml");
        cli.git(work, "commit", "-q", "-m", "rename storage.yaml to volumes.yaml");
        String renamed = cli.git(work, "rev-parse", "HEAD").strip();
        Files.writeString(work.resolve("specs/volumes.yaml"), SpecTexts.lvs(
                "{name: lv01, vg: vg0, size: 1G, owner: node2}", "{name: lv03, vg: vg0, size: 5G, owner: node2}",
                "{name: lv04, vg: vg0, size: 1G, owner: node2, state: absent}"));
        cli.git(work, "commit", "-q", "-am", "hand lv01 over, add lv03, drop lv04");
        String head = cli.git(work, "rev-parse", "HEAD").strip();
        cli.git(work, "push", "-q", "--tags", "origin", "main");
        String cache = tmp.resolve("cache").toString();

        Run pureRename = lvmops("diff", "--git", "file://" + remote, "--base", "v1", "--head", renamed,
                "--path", "specs", "--git-cache-dir", cache);
        assertThat(pureRename.code()).as(pureRename.err()).isEqualTo(0);
        assertThat(pureRename.out()).isEqualTo("Spec diff v1@sha1:" + v1 + " " + TO + " sha1:" + renamed
                + "\nNo differences.\n");

        Run change = lvmops("diff", "--git", "file://" + remote, "--base", "v1", "--path", "specs",
                "--git-cache-dir", cache);
        assertThat(change.code()).as(change.err()).isEqualTo(2);
        assertThat(change.out()).isEqualTo("Spec diff v1@sha1:" + v1 + " " + TO + " main@sha1:" + head + "\n"
                + "lv01: owner node1 " + TO + " node2\n"
                + "+ lv03 (vg0, 5G, node2)\n"
                + "- lv04 (state: absent)  [needs --allow-destroy]\n"
                + "    destroys vg0/lv04 and its data (1G)\n"
                + "3 changes: 1 added, 1 changed, 1 removed; 1 needs --allow-destroy.\n");

        Run validateOld = lvmops("validate", "--git", remote.toString(), "--ref", "v1", "--path", "specs",
                "--git-cache-dir", cache);
        assertThat(validateOld.code()).as(validateOld.err()).isEqualTo(0);
        assertThat(validateOld.out()).startsWith(remote + "//specs (v1@sha1:" + v1 + "): valid");
        Run oldNameAtHead = lvmops("validate", "--git", remote.toString(), "--path", "specs/storage.yaml",
                "--git-cache-dir", cache);
        assertThat(oldNameAtHead.code()).isEqualTo(3);
        assertThat(oldNameAtHead.err()).contains("main@sha1:" + head.substring(0, 12)
                + ":specs/storage.yaml: no such file or directory in main@sha1:" + head);
    }
}
