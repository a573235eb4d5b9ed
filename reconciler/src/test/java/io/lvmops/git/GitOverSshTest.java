package io.lvmops.git;

import io.lvmops.transport.OpenSshServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Git over a real OpenSSH server in a container ({@code sshd} runs the container's {@code git-upload-pack} on a bare
 * repository made here, in a directory the container shares); JGit's Apache MINA sshd client with an explicit key
 * and a strictly checked known_hosts.
 */
class GitOverSshTest {
    @RegisterExtension
    static final OpenSshServer SSHD = OpenSshServer.inContainer();

    @TempDir
    Path tmp;
    Path remote;
    String sha;
    String url;

    @BeforeEach
    void bareRemote() throws Exception {
        GitCli cli = new GitCli(Files.createDirectories(tmp.resolve("home")));
        // where the server's git-upload-pack finds it too (a fresh one per test)
        remote = SSHD.sharedDirectory("git-").resolve("specs.git");
        Path work = tmp.resolve("work");
        cli.git(tmp, "init", "-q", "--bare", "-b", "main", remote.toString());
        cli.git(tmp, "clone", "-q", remote.toString(), work.toString());
        Files.writeString(work.resolve("nodes.yaml"), SpecTexts.NODES);
        Files.writeString(work.resolve("storage.yaml"), SpecTexts.STORAGE);
        cli.git(work, "add", ".");
        cli.git(work, "commit", "-q", "-m", "spec");
        cli.git(work, "push", "-q", "origin", "main");
        sha = cli.git(work, "rev-parse", "HEAD").strip();
        url = "ssh://root@127.0.0.1:" + SSHD.port() + remote;
    }

    private GitSpecSource source(Path key, Path knownHosts) {
        return new GitSpecSource(url, tmp.resolve("cache"), new GitCredentials(key, knownHosts, null, null),
                SSHD.clientHome());
    }

    @Test
    void clonesAndFetchesOverSshWithAKnownHostKey() throws Exception {
        try (GitSpecSource s = source(SSHD.userKey(), SSHD.trustingKnownHosts())) {
            ResolvedSpec r = s.fetchAndLoad(null, ".");
            assertThat(r.loaded().errors()).isEmpty();
            assertThat(r.revision()).isEqualTo("main@sha1:" + sha);
            assertThat(r.source()).isEqualTo(url);
        }
        // Second run: incremental fetch over SSH into the same cache.
        try (GitSpecSource s = source(SSHD.userKey(), SSHD.trustingKnownHosts())) {
            assertThat(s.fetchAndLoad("main", "nodes.yaml").revision()).isEqualTo("main@sha1:" + sha);
        }
        assertThat(SSHD.countInLog("Accepted publickey")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void anUnknownHostKeyIsRefusedNeverTrustedOnFirstUse() throws Exception {
        Path empty = Files.writeString(tmp.resolve("known_hosts"), "");
        try (GitSpecSource s = source(SSHD.userKey(), empty)) {
            assertThatThrownBy(s::fetch).isInstanceOf(GitSpecException.class)
                    .hasMessageContaining("host key of [127.0.0.1]:" + SSHD.port())
                    .hasMessageContaining(SSHD.hostKeyFingerprint())
                    .hasMessageContaining("is not in " + empty);
        }
        assertThat(Files.readString(empty)).as("nothing was added to known_hosts").isEmpty();
        Path other = Files.writeString(tmp.resolve("known_hosts_other"), "[127.0.0.1]:" + SSHD.port() + " "
                + Files.readString(Path.of(SSHD.userKey() + ".pub")).trim().split(" ", 3)[0] + " "
                + Files.readString(Path.of(SSHD.userKey() + ".pub")).trim().split(" ", 3)[1] + "\n");
        try (GitSpecSource s = source(SSHD.userKey(), other)) {
            assertThatThrownBy(s::fetch).isInstanceOf(GitSpecException.class)
                    .hasMessageContaining("is DIFFERENT from the one in " + other);
        }
    }

    @Test
    void aKeyTheServerDoesNotAcceptIsAClearError() throws Exception {
        try (GitSpecSource s = source(SSHD.otherUserKey(), SSHD.trustingKnownHosts())) {
            assertThatThrownBy(s::fetch).isInstanceOf(GitSpecException.class)
                    .hasMessageStartingWith("cannot fetch " + url + ": ");
        }
    }

    @Test
    void validateGitOverSshThroughTheCli() throws Exception {
        GitDiffHistoryTest.Run run = GitDiffHistoryTest.lvmops("validate", "--git", url,
                "--git-ssh-key", SSHD.userKey().toString(),
                "--git-known-hosts", SSHD.trustingKnownHosts().toString(),
                "--git-cache-dir", tmp.resolve("cli-cache").toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith(url + " (main@sha1:" + sha + "): valid (2 nodes");
    }
}
