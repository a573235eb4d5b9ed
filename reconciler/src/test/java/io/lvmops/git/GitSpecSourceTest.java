package io.lvmops.git;

import io.lvmops.model.Size;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real repositories on disk, made with the git CLI and with JGit, read back over file:// and as plain paths. */
class GitSpecSourceTest {
    @TempDir
    Path tmp;
    GitCli cli;
    Path work;
    Path remote;
    Path cache;

    @BeforeEach
    void repoWithCli() throws Exception {
        cli = new GitCli(Files.createDirectories(tmp.resolve("home")));
        remote = tmp.resolve("remote.git");
        work = tmp.resolve("work");
        cache = tmp.resolve("cache");
        cli.git(tmp, "init", "-q", "--bare", "-b", "main", remote.toString());
        cli.git(tmp, "clone", "-q", remote.toString(), work.toString());
        Files.createDirectories(work.resolve("specs"));
        Files.writeString(work.resolve("specs/nodes.yaml"), SpecTexts.NODES);
        Files.writeString(work.resolve("specs/storage.yaml"), SpecTexts.STORAGE);
        Files.writeString(work.resolve("README.md"), "not a spec\n");
        cli.git(work, "add", ".");
        cli.git(work, "commit", "-q", "-m", "first spec");
        cli.git(work, "push", "-q", "origin", "main");
    }

    private String head() {
        return cli.git(work, "rev-parse", "HEAD").strip();
    }

    @Test
    void readsTheSpecDirectoryAtTheDefaultBranchAndNamesTheRevisionFluxStyle() {
        try (GitSpecSource source = new GitSpecSource("file://" + remote, cache, GitCredentials.NONE)) {
            ResolvedSpec r = source.fetchAndLoad(null, "specs");
            assertThat(r.loaded().errors()).isEmpty();
            assertThat(r.revision()).isEqualTo("main@sha1:" + head());
            assertThat(r.source()).isEqualTo("file://" + remote + "//specs");
            assertThat(r.spec().logicalVolumes()).singleElement()
                    .satisfies(lv -> assertThat(lv.size()).isEqualTo(Size.parse("1G")));
            assertThat(source.repositoryDirectory()).startsWith(cache);
            assertThat(source.repository().isBare()).isTrue();
        }
    }

    @Test
    void errorsNameTheRevisionFileAndLine() throws Exception {
        Files.writeString(work.resolve("specs/storage.yaml"),
                SpecTexts.lvs("{name: lv01, vg: vg0, size: 1G, owner: node9}"));
        cli.git(work, "commit", "-q", "-am", "bad owner");
        cli.git(work, "push", "-q", "origin", "main");
        try (GitSpecSource source = new GitSpecSource(remote.toString(), cache, GitCredentials.NONE)) {
            ResolvedSpec r = source.fetchAndLoad("main", "specs/");
            assertThat(r.valid()).isFalse();
            assertThat(r.loaded().errors()).singleElement().hasToString("main@sha1:" + head().substring(0, 12)
                    + ":specs/storage.yaml:3:44: logicalVolumes[0].owner: node 'node9' is not defined; "
                    + "did you mean 'node1'?");
        }
    }

    @Test
    void aBlobOverTheSpecSizeLimitIsRefusedUnreadNamingTheRevisionAndFile() throws Exception {
        Files.writeString(work.resolve("specs/zz-big.yaml"), "apiVersion: lvmops/v1\n" + "# comment\n".repeat(120_000));
        cli.git(work, "add", "specs/zz-big.yaml");
        cli.git(work, "commit", "-q", "-m", "a big comment-only file");
        cli.git(work, "push", "-q", "origin", "main");
        try (GitSpecSource source = new GitSpecSource(remote.toString(), cache, GitCredentials.NONE)) {
            ResolvedSpec r = source.fetchAndLoad("main", "specs");
            assertThat(r.loaded().errors()).singleElement().hasToString("main@sha1:" + head().substring(0, 12)
                    + ":specs/zz-big.yaml: the file is 1.1 MiB; a spec file may be at most 1 MiB (refused before parsing)");
        }
    }

    @Test
    void branchesTagsAndCommitsResolveAndLaterRunsFetchIncrementally() throws Exception {
        String first = head();
        cli.git(work, "tag", "-a", "-m", "release", "v1");
        cli.git(work, "checkout", "-q", "-b", "feature");
        Files.writeString(work.resolve("specs/storage.yaml"), SpecTexts.lvs(
                "{name: lv01, vg: vg0, size: 2G, owner: node1}"));
        cli.git(work, "commit", "-q", "-am", "grow lv01");
        cli.git(work, "push", "-q", "--tags", "origin", "main", "feature");
        String feature = head();
        try (GitSpecSource source = new GitSpecSource("file://" + remote, cache, GitCredentials.NONE)) {
            source.fetch();
            assertThat(source.resolve("feature")).hasToString("feature@sha1:" + feature);
            assertThat(source.resolve("refs/heads/feature")).hasToString("feature@sha1:" + feature);
            assertThat(source.resolve("v1")).hasToString("v1@sha1:" + first);   // annotated tag peeled
            assertThat(source.resolve(first.substring(0, 9))).hasToString("sha1:" + first);
            assertThat(source.resolve(null)).hasToString("main@sha1:" + first);
            assertThat(source.resolve("HEAD")).hasToString("main@sha1:" + first);
            assertThat(source.resolve("feature~1")).hasToString("sha1:" + first);
            assertThat(source.resolve("feature^")).hasToString("sha1:" + first);
            assertThatThrownBy(() -> source.resolve("feature~5")).isInstanceOf(GitSpecException.class)
                    .hasMessageEndingWith("no commit 'feature~5'");
            assertThatThrownBy(() -> source.resolve("nope")).isInstanceOf(GitSpecException.class)
                    .hasMessageEndingWith("no branch, tag or commit named 'nope'");
            assertThat(source.load(source.resolve("feature"), "specs").spec().logicalVolumes().get(0).size())
                    .isEqualTo(Size.parse("2G"));
        }
        Path marker = Files.writeString(cache.resolve(GitSpecSource.cacheKey("file://" + remote)).resolve("marker"), "");
        cli.git(work, "checkout", "-q", "main");
        cli.git(work, "merge", "-q", "--ff-only", "feature");
        cli.git(work, "push", "-q", "origin", "main");
        cli.git(work, "push", "-q", "origin", "--delete", "feature");
        try (GitSpecSource again = new GitSpecSource("file://" + remote, cache, GitCredentials.NONE)) {
            again.fetch();
            assertThat(Files.exists(marker)).as("the cached clone is reused, not cloned again").isTrue();
            assertThat(again.resolve(null)).hasToString("main@sha1:" + feature);
            assertThatThrownBy(() -> again.resolve("feature")).as("deleted branches are pruned")
                    .isInstanceOf(GitSpecException.class);
        }
    }

    @Test
    void aRepositoryMadeWithJGitAndASingleFilePath() throws Exception {
        Path jgitRemote = tmp.resolve("jgit-remote.git");
        Path jgitWork = tmp.resolve("jgit-work");
        Git.init().setBare(true).setInitialBranch("trunk").setDirectory(jgitRemote.toFile()).call().close();
        ObjectId id;
        try (Git git = Git.cloneRepository().setURI(jgitRemote.toUri().toString())
                .setDirectory(jgitWork.toFile()).call()) {
            git.checkout().setOrphan(true).setName("trunk").call();
            Files.writeString(jgitWork.resolve("all.yml"), SpecTexts.NODES + SpecTexts.STORAGE.replace(
                    "apiVersion: lvmops/v1\n", ""));
            git.add().addFilepattern("all.yml").call();
            RevCommit c = git.commit().setMessage("spec").setAuthor("Bob", "bob@example.com")
                    .setCommitter("Bob", "bob@example.com").setSign(false).call();
            id = c.getId();
            git.push().setRemote("origin").add("trunk").call();
        }
        try (GitSpecSource source = new GitSpecSource(jgitRemote.toUri().toString(), cache, GitCredentials.NONE)) {
            ResolvedSpec r = source.fetchAndLoad(null, "all.yml");
            assertThat(r.loaded().errors()).isEmpty();
            assertThat(r.revision()).isEqualTo("trunk@sha1:" + id.name());
            ResolvedSpec top = source.load(source.resolve(null), ".");
            assertThat(top.valid()).isTrue();
            ResolvedSpec missing = source.load(source.resolve(null), "nope");
            assertThat(missing.loaded().errors()).singleElement().hasToString("trunk@sha1:" + id.name()
                    .substring(0, 12) + ":nope: no such file or directory in trunk@sha1:" + id.name());
        }
    }

    @Test
    void anUnreachableRemoteIsAOneLineError() {
        try (GitSpecSource source = new GitSpecSource("file://" + tmp.resolve("nothing.git"), cache,
                GitCredentials.NONE)) {
            assertThatThrownBy(source::fetch).isInstanceOf(GitSpecException.class)
                    .hasMessageStartingWith("cannot fetch file://" + tmp.resolve("nothing.git"));
            assertThat(source.repositoryDirectory()).as("no empty clone left in the cache").doesNotExist();
        }
    }

    @Test
    void aPasswordInTheUrlIsHiddenWhereverItEnds() {
        assertThat(GitSpecSource.withoutPassword("https://bot:ghp_abc@git.example/specs.git"))
                .isEqualTo("https://bot:***@git.example/specs.git");
        assertThat(GitSpecSource.withoutPassword("https://bot:a/b+c=@git.example:8443/specs.git"))
                .isEqualTo("https://bot:***@git.example:8443/specs.git");
        for (String clean : new String[] {"https://bot@git.example:8443/specs.git", "https://git.example/specs.git",
                "ssh://git@git.example:2222/specs.git", "git@git.example:specs.git", "/srv/git/specs.git",
                "https://git.example:8443/team/specs@v2.git"}) {
            assertThat(GitSpecSource.withoutPassword(clean)).isEqualTo(clean);
        }
        assertThatThrownBy(() -> new GitSpecSource("https://bot:ghp_abc@git.example/specs.git", cache,
                GitCredentials.NONE)).isInstanceOf(GitSpecException.class)
                .hasMessageStartingWith("'https://bot:***@git.example/specs.git': a password or token in the Git URL")
                .message().doesNotContain("ghp_abc");
        // JGit does not see a user and password here (it takes them for a path), yet lvmops would print them.
        for (String tricky : new String[] {"https://bot:a/b+c=@git.example/specs.git", "https://:Zq9x@git.example/x"}) {
            assertThatThrownBy(() -> new GitSpecSource(tricky, cache, GitCredentials.NONE))
                    .isInstanceOf(GitSpecException.class).hasMessageContaining(":***@git.example/")
                    .message().doesNotContain("a/b+c=").doesNotContain("Zq9x");
        }
    }

    @Test
    void aFortyHexRefIsTheCommitWithThatIdNeverABranchNamedLikeIt() throws Exception {
        String pinned = head();
        Files.writeString(work.resolve("specs/storage.yaml"), SpecTexts.lvs(
                "{name: lv01, vg: vg0, size: 9G, owner: node1}"));
        cli.git(work, "commit", "-q", "-am", "another commit");
        String other = head();
        // Whoever can push a branch names it like the commit a plan or the daemon pins, pointing elsewhere.
        cli.git(work, "push", "-q", "origin", other + ":refs/heads/" + pinned);
        String absent = "0123456789abcdef0123456789abcdef01234567";
        cli.git(work, "push", "-q", "origin", other + ":refs/heads/" + absent);
        try (GitSpecSource source = new GitSpecSource("file://" + remote, cache, GitCredentials.NONE)) {
            source.fetch();
            assertThat(source.resolve(pinned)).hasToString("sha1:" + pinned);
            assertThat(source.resolve(pinned.toUpperCase(java.util.Locale.ROOT))).hasToString("sha1:" + pinned);
            // A commit id the repository does not have is not looked up as a branch either.
            assertThatThrownBy(() -> source.resolve(absent)).isInstanceOf(GitSpecException.class)
                    .hasMessageEndingWith("no commit " + absent + " (a 40-hex ref names a commit, never a branch "
                            + "or tag of that name)");
            assertThat(source.resolve("refs/heads/" + absent)).hasToString(absent + "@sha1:" + other);
        }
    }

    @Test
    void aTokenIsNeverSentOverPlainHttpNotEvenOnce() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        java.util.List<String> requests = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            GitCredentials token = new GitCredentials(null, null, "s3cr3t-token", null);
            for (String url : new String[] {"http://127.0.0.1:" + server.getAddress().getPort() + "/specs.git",
                    "HTTP://127.0.0.1:" + server.getAddress().getPort() + "/specs.git"}) {
                assertThatThrownBy(() -> {
                    try (GitSpecSource source = new GitSpecSource(url, cache, token)) {
                        source.fetch();
                    }
                }).isInstanceOf(GitSpecException.class)
                        .hasMessage("'" + url + "': refusing to send the Git token over http:// (clear text); use "
                                + "an https:// URL, or no token (the token comes from --git-token-file, "
                                + "spec.git.tokenFile or $LVMOPS_GIT_TOKEN)")
                        .message().doesNotContain("s3cr3t");
            }
            assertThat(requests).as("nothing was sent").isEmpty();
            // Without a token, plain http stays possible (a public mirror): the request goes out, anonymous.
            try (GitSpecSource anonymous = new GitSpecSource("http://127.0.0.1:" + server.getAddress().getPort()
                    + "/specs.git", cache, GitCredentials.NONE)) {
                assertThatThrownBy(anonymous::fetch).isInstanceOf(GitSpecException.class);
            }
            assertThat(requests).isNotEmpty().allSatisfy(r -> assertThat(r).endsWith(" null"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void pathsMustStayInsideTheRepository() {
        assertThat(GitSpecSource.normalizePath("./specs/")).isEqualTo("specs");
        assertThat(GitSpecSource.normalizePath(".")).isEmpty();
        assertThatThrownBy(() -> GitSpecSource.normalizePath("../x")).isInstanceOf(GitSpecException.class);
    }
}
