package io.lvmops.git;

import io.lvmops.observe.ObservationJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.lvmops.plan.Fx.G;
import static io.lvmops.plan.Fx.fleet;
import static io.lvmops.plan.Fx.node;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spec from a real HTTPS Git server ({@link GitHttpsServer}: Apache and {@code git http-backend}, smart HTTP,
 * TLS with a throwaway CA, HTTP Basic authentication accepting only the token), through lvmops run as an operator
 * runs it: a separate JVM with its own environment, HOME, stdout, stderr and exit code, and the logging
 * configuration lvmops ships.
 */
class GitOverHttpsTest {
    @RegisterExtension
    static final GitHttpsServer SERVER = new GitHttpsServer();

    static final String NODES = """
            apiVersion: lvmops/v1
            nodes:
              - {name: n1, host: 10.0.2.15}
              - {name: n2, host: 10.0.2.16}
            devices:
              - name: lun-a
                path: /dev/mapper/test_block_a
                iscsi: {portal: "10.0.2.2:3260", target: "iqn.2016-11.com.test:block-a", lun: 1}
            volumeGroups:
              - {name: vg0, devices: [lun-a], extentSize: 4M}
            """;

    static String volumes(String size) {
        return SpecTexts.lvs("{name: lv01, vg: vg0, size: " + size + ", owner: n1, "
                + "filesystem: {type: ext4, mountPoint: /mnt/t_lv01}}");
    }

    static final String AUTH_FAILED = ": authentication failed (HTTP 401): the server did not accept the token "
            + "(--git-token-file FILE or $LVMOPS_GIT_TOKEN)\n";
    static final String NO_TOKEN = ": the server requires authentication (HTTP 401) and no token was given "
            + "(--git-token-file FILE or $LVMOPS_GIT_TOKEN)\n";

    @TempDir
    Path tmp;
    Path home;

    static String nodesOnly;
    static String withLv01;

    @BeforeAll
    static void specInTheServedRepository() throws IOException {
        nodesOnly = SERVER.commit("spec/nodes.yaml", NODES, "nodes");
        withLv01 = SERVER.commit("spec/volumes.yaml", volumes("1G"), "lv01");
    }

    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    /** {@code lvmops ARGS} in a new JVM, with only {@code env} of lvmops' and git's variables, HOME = {@link #home}. */
    Run lvmops(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return lvmops(List.of(), env, args);
    }

    /** As {@link #lvmops(Map, String...)} with JVM options, as $LVMOPS_JAVA_OPTS gives them. */
    Run lvmops(List<String> jvmOptions, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        home = Files.createDirectories(tmp.resolve("home"));
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Duser.home=" + home, "-Dlogback.configurationFile=" + mainLogback()));
        argv.addAll(jvmOptions);
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.lvmops.cli.LvmopsCommand"));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(tmp.toFile());
        pb.environment().keySet().removeIf(name -> name.startsWith("LVMOPS_") || name.startsWith("GIT_")
                || name.startsWith("XDG_"));
        pb.environment().put("HOME", home.toString());
        pb.environment().putAll(env);
        Path out = Files.createTempFile(tmp, "out", "");
        Path err = Files.createTempFile(tmp, "err", "");
        Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("lvmops " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The logging configuration lvmops ships (src/main/resources/logback.xml), not the tests' one. */
    static String mainLogback() {
        try {
            return Path.of(GitOverHttpsTest.class.getClassLoader().getResource("logback.xml").toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    Path tokenFile(String token) throws IOException {
        return Files.writeString(Files.createTempFile(tmp, "token", ""), token + "\n");
    }

    static String head() {
        return SERVER.git().git(SERVER.repository(), "rev-parse", "main").strip();
    }

    /** The snapshot PlanCommandTest calls converged: lv01 active and mounted on its owner n1 only. */
    Path snapshot() throws IOException {
        return Files.writeString(tmp.resolve("snap.json"), ObservationJson.write(fleet(
                node("n1").withVg().lv("lv01", G, true, true, "lvmops_owner_n1").mounted("lv01", "/mnt/t_lv01").build(),
                node("n2").withVg().lv("lv01", G, false, false, "lvmops_owner_n1").build())));
    }

    /** The clones in lvmops' default cache, ~/.cache/lvmops/git. */
    List<Path> cachedClones() throws IOException {
        Path cache = home.resolve(".cache/lvmops/git");
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(Files::isDirectory).toList();
        }
    }

    static Set<String> packs(Path repository) throws IOException {
        try (Stream<Path> s = Files.list(repository.resolve("objects/pack"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".pack")).collect(Collectors.toSet());
        }
    }

    /** The ids of the objects in a pack, as git reads its index. */
    static Set<String> objectsIn(Path repository, String pack) {
        String idx = repository.resolve("objects/pack").resolve(pack.replace(".pack", ".idx")).toString();
        String listing = SERVER.git().ok(repository, "sh", "-c", "git show-index < '" + idx + "'");
        return Arrays.stream(listing.split("\n")).filter(l -> !l.isBlank()).map(l -> l.split(" ")[1])
                .collect(Collectors.toSet());
    }

    @Test
    void aTokenFromAFileClonesOnceThenFetchesOnlyTheNewCommit() throws Exception {
        Path token = tokenFile(SERVER.token());
        String[] git = {"--git", SERVER.url(), "--path", "spec", "--git-token-file", token.toString(),
                "--git-ca-file", SERVER.caFile().toString()};
        String before = head();
        Run validate = lvmops(Map.of(), concat(new String[] {"validate"}, git));
        assertThat(validate.code()).as(validate.all()).isZero();
        assertThat(validate.out()).isEqualTo(SERVER.url() + "//spec (main@sha1:" + before + "): valid "
                + "(2 nodes, 1 device, 1 volume group, 1 logical volume)\n");
        assertThat(validate.err()).isEmpty();
        assertThat(cachedClones()).hasSize(1);
        Path clone = cachedClones().get(0);
        Set<String> firstPacks = packs(clone);
        assertThat(firstPacks).isNotEmpty();
        String unchangedBlob = SERVER.git().git(SERVER.repository(), "rev-parse", "main:spec/nodes.yaml").strip();

        String grown = SERVER.commit("spec/volumes.yaml", volumes("2G"), "grow lv01");
        Run plan = lvmops(Map.of(), concat(new String[] {"plan", "--observed", snapshot().toString(), "--no-color"},
                git));
        assertThat(plan.code()).as(plan.all()).isZero();
        assertThat(plan.out()).contains("Spec revision: main@sha1:" + grown, "lvextend");
        assertThat(plan.err()).isEmpty();

        // Incremental: the same clone, its first pack kept as it was, one new pack with only the new objects.
        assertThat(cachedClones()).containsExactly(clone);
        Set<String> newPacks = new HashSet<>(packs(clone));
        assertThat(newPacks).containsAll(firstPacks);
        newPacks.removeAll(firstPacks);
        assertThat(newPacks).hasSize(1);
        assertThat(objectsIn(clone, newPacks.iterator().next())).contains(grown)
                .doesNotContain(before, unchangedBlob);
        // Smart HTTP, authenticated with the token's user (protocol v2: ls-refs and fetch are both POSTs).
        assertThat(SERVER.log()).contains(
                GitHttpsServer.USER + " \"GET /git/specs.git/info/refs?service=git-upload-pack HTTP/1.1\" 200",
                GitHttpsServer.USER + " \"POST /git/specs.git/git-upload-pack HTTP/1.1\" 200");
    }

    @Test
    void aTokenFromTheEnvironmentAndTheCaFromGitSslCainfo() throws Exception {
        Map<String, String> env = Map.of(GitCredentials.TOKEN_ENV, SERVER.token(),
                GitCredentials.CA_FILE_ENV, SERVER.caFile().toString());
        // No --ref: the remote's default branch.
        Run plan = lvmops(env, "plan", "--git", SERVER.url(), "--path", "spec", "--observed", snapshot().toString(),
                "--no-color");
        assertThat(plan.code()).as(plan.all()).isZero();
        assertThat(plan.out()).contains("Spec revision: main@sha1:" + head());
        assertThat(plan.err()).isEmpty();
    }

    @Test
    void aWrongOrMissingTokenIsOneLineNamingTheUrlAndExitOne() throws Exception {
        String ca = SERVER.caFile().toString();
        GitDiffHistoryTest.Run wrongFile = GitDiffHistoryTest.lvmops("validate", "--git", SERVER.url(), "--path",
                "spec", "--git-token-file", tokenFile("not-the-token").toString(), "--git-ca-file", ca,
                "--git-cache-dir", tmp.resolve("cache").toString());
        assertThat(wrongFile.code()).isEqualTo(1);
        assertThat(wrongFile.out()).isEmpty();
        assertThat(wrongFile.err()).isEqualTo("lvmops: error: cannot fetch " + SERVER.url() + AUTH_FAILED);

        Run wrongEnv = lvmops(Map.of(GitCredentials.TOKEN_ENV, "not-the-token-either"), "plan", "--git",
                SERVER.url(), "--path", "spec", "--git-ca-file", ca, "--observed", snapshot().toString());
        assertThat(wrongEnv.code()).isEqualTo(1);
        assertThat(wrongEnv.out()).isEmpty();
        assertThat(wrongEnv.err()).isEqualTo("lvmops: error: cannot fetch " + SERVER.url() + AUTH_FAILED);

        Run missing = lvmops(Map.of(), "validate", "--git", SERVER.url(), "--git-ca-file", ca);
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).isEqualTo("lvmops: error: cannot fetch " + SERVER.url() + NO_TOKEN);

        assertThat(cachedClones()).as("a failed first clone leaves nothing in the cache").isEmpty();
        assertThat(Files.list(tmp.resolve("cache")).toList()).isEmpty();
        assertThat(SERVER.log()).contains("user " + GitHttpsServer.USER + ": authentication failure");
    }

    @Test
    void theTokenNeverAppearsInAnyOutputLogOrCachedFile() throws Exception {
        String secret = SERVER.token().substring("lvmops-test-".length());
        String wrong = "wrong-" + secret;   // a wrong token must not leak either
        Map<String, String> traced = new HashMap<>(Map.of("LVMOPS_LOG_LEVEL", "TRACE",
                GitCredentials.CA_FILE_ENV, SERVER.caFile().toString()));
        List<Run> runs = new ArrayList<>();
        runs.add(lvmops(traced, "validate", "--git", SERVER.url(), "--path", "spec",
                "--git-token-file", tokenFile(SERVER.token()).toString()));
        assertThat(runs.get(0).code()).as(runs.get(0).all()).isZero();
        runs.add(lvmops(traced, "plan", "--git", SERVER.url(), "--path", "spec", "--observed", snapshot().toString(),
                "--git-token-file", tokenFile(SERVER.token()).toString(),
                "--out", tmp.resolve("plan.json").toString()));
        assertThat(runs.get(1).code()).as(runs.get(1).all()).isZero();
        traced.put(GitCredentials.TOKEN_ENV, wrong);
        runs.add(lvmops(traced, "validate", "--git", SERVER.url(), "--path", "spec"));
        assertThat(runs.get(2).code()).isEqualTo(1);

        // TRACE really was on (JGit logs its HTTP exchange at debug), so a logged header would have shown up.
        assertThat(runs.get(0).err()).contains("DEBUG", "jgit");
        for (Run run : runs) {
            assertThat(run.all()).doesNotContain(secret);
        }
        assertThat(Files.readString(tmp.resolve("plan.json"))).contains(SERVER.url()).doesNotContain(secret);
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(bytes).as(f.toString()).doesNotContain(secret);
            }
        }
        assertThat(SERVER.log()).doesNotContain(secret);
    }

    @Test
    void aCertificateNotSignedByATrustedCaIsRefusedEvenWithSslVerifyOff() throws Exception {
        Path token = tokenFile(SERVER.token());
        String cache = tmp.resolve("cache").toString();
        String notSigned = ": TLS: the server's certificate is not signed by ";
        String hint = "; if it is signed by a private CA, trust that CA with --git-ca-file FILE or $GIT_SSL_CAINFO\n";

        // In a JVM of its own: this machine's environment may name a CA file ($GIT_SSL_CAINFO).
        Run jvmCas = lvmops(Map.of(), "validate", "--git", SERVER.url(), "--git-token-file", token.toString());
        assertThat(jvmCas.code()).isEqualTo(1);
        assertThat(jvmCas.out()).isEmpty();
        assertThat(jvmCas.err()).startsWith("lvmops: error: cannot fetch " + SERVER.url() + notSigned
                        + "the JVM's CA certificates (").endsWith(hint).hasLineCount(1);

        GitDiffHistoryTest.Run otherCa = GitDiffHistoryTest.lvmops("validate", "--git", SERVER.url(),
                "--git-token-file", token.toString(), "--git-ca-file", SERVER.otherCaFile().toString(),
                "--git-cache-dir", cache);
        assertThat(otherCa.code()).isEqualTo(1);
        assertThat(otherCa.err()).startsWith("lvmops: error: cannot fetch " + SERVER.url() + notSigned
                + "the CA certificates in " + SERVER.otherCaFile() + " (").endsWith(hint).hasLineCount(1);
        assertThat(Files.list(tmp.resolve("cache")).toList()).as("a refused first clone leaves nothing").isEmpty();

        // git itself would skip the check with http.sslVerify=false, and JGit reads ~/.gitconfig: lvmops must not.
        Files.writeString(home.resolve(".gitconfig"), "[http]\n\tsslVerify = false\n");
        Run sslVerifyOff = lvmops(Map.of(), "validate", "--git", SERVER.url(), "--git-token-file", token.toString());
        assertThat(sslVerifyOff.code()).isEqualTo(1);
        assertThat(sslVerifyOff.err()).isEqualTo(jvmCas.err());
        assertThat(cachedClones()).isEmpty();
    }

    @Test
    void orTheCaInTheJvmsTrustStore() throws Exception {
        Path trustStore = tmp.resolve("truststore.p12");
        SERVER.git().ok(tmp, Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert",
                "-noprompt", "-alias", "lvmops-test-ca", "-file", SERVER.caFile().toString(),
                "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        Run run = lvmops(List.of("-Djavax.net.ssl.trustStore=" + trustStore,
                        "-Djavax.net.ssl.trustStorePassword=changeit"),
                Map.of(GitCredentials.TOKEN_ENV, SERVER.token()), "validate", "--git", SERVER.url(), "--path", "spec");
        assertThat(run.code()).as(run.all()).isZero();
        assertThat(run.out()).startsWith(SERVER.url() + "//spec (main@sha1:" + head() + "): valid");
    }

    @Test
    void theHostNameMustBeTheCertificates() throws Exception {
        GitDiffHistoryTest.Run byAddress = GitDiffHistoryTest.lvmops("validate", "--git", SERVER.urlByAddress(),
                "--git-token-file", tokenFile(SERVER.token()).toString(), "--git-ca-file", SERVER.caFile().toString(),
                "--git-cache-dir", tmp.resolve("cache").toString());
        assertThat(byAddress.code()).isEqualTo(1);
        assertThat(byAddress.err()).isEqualTo("lvmops: error: cannot fetch " + SERVER.urlByAddress() + ": TLS: the "
                + "server's certificate is not for this host name (No subject alternative names matching IP address "
                + "127.0.0.1 found)\n");
    }

    @Test
    void aCaBundleWithSeveralCertificatesAndTextBetweenThem() throws Exception {
        Path bundle = Files.writeString(tmp.resolve("bundle.pem"), "# other CA\n"
                + Files.readString(SERVER.otherCaFile()) + "subject=CN = lvmops test ca\n"
                + Files.readString(SERVER.caFile()));
        GitDiffHistoryTest.Run run = GitDiffHistoryTest.lvmops("validate", "--git", SERVER.url(), "--path", "spec",
                "--git-token-file", tokenFile(SERVER.token()).toString(), "--git-ca-file", bundle.toString(),
                "--git-cache-dir", tmp.resolve("cache").toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("(main@sha1:" + head() + "): valid");
    }

    @Test
    void aCaFileThatIsMissingOrHoldsNoCertificateIsNamed() throws Exception {
        Path token = tokenFile(SERVER.token());
        Path notPem = Files.writeString(tmp.resolve("ca.txt"), "not a certificate\n");
        GitDiffHistoryTest.Run run = GitDiffHistoryTest.lvmops("validate", "--git", SERVER.url(),
                "--git-token-file", token.toString(), "--git-ca-file", notPem.toString(),
                "--git-cache-dir", tmp.resolve("cache").toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("lvmops: error: " + notPem
                + ": no certificate in it (--git-ca-file expects PEM: -----BEGIN CERTIFICATE-----)\n");
        Path missing = tmp.resolve("missing.pem");
        run = GitDiffHistoryTest.lvmops("validate", "--git", SERVER.url(), "--git-token-file", token.toString(),
                "--git-ca-file", missing.toString(), "--git-cache-dir", tmp.resolve("cache").toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).startsWith("lvmops: error: " + missing + ": cannot read the CA file (--git-ca-file): ")
                .hasLineCount(1);
    }

    @Test
    void aTokenInTheUrlIsRefusedAndNotPrinted() {
        String withToken = SERVER.url().replace("https://", "https://" + GitHttpsServer.USER + ":"
                + SERVER.token() + "@");
        GitDiffHistoryTest.Run run = GitDiffHistoryTest.lvmops("validate", "--git", withToken,
                "--git-ca-file", SERVER.caFile().toString(), "--git-cache-dir", tmp.resolve("cache").toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("lvmops: error: '" + SERVER.url().replace("https://", "https://"
                + GitHttpsServer.USER + ":***@") + "': a password or token in the Git URL would be printed and "
                + "recorded; give the token with --git-token-file FILE or $LVMOPS_GIT_TOKEN\n");
        assertThat(run.out() + run.err()).doesNotContain(SERVER.token());
    }

    @Test
    void diffTakesTheSameHttpsOptions() throws Exception {
        GitDiffHistoryTest.Run diff = GitDiffHistoryTest.lvmops("diff", "--git", SERVER.url(), "--path", "spec",
                "--base", nodesOnly, "--head", withLv01, "--git-token-file", tokenFile(SERVER.token()).toString(),
                "--git-ca-file", SERVER.caFile().toString(), "--git-cache-dir", tmp.resolve("cache").toString());
        assertThat(diff.code()).as(diff.err()).isEqualTo(2);
        assertThat(diff.out()).startsWith("Spec diff sha1:" + nodesOnly).contains("sha1:" + withLv01, "+ lv01");
    }

    @Test
    void oneSourceFetchesAgainAndAgainAsTheDaemonDoes() throws Exception {
        // The daemon keeps one GitSpecSource (and its transports) for its lifetime: each fetch must authenticate.
        GitCredentials credentials = GitCredentials.of(null, null, tokenFile(SERVER.token()), SERVER.caFile(),
                Map.of());
        try (GitSpecSource source = new GitSpecSource(SERVER.url(), tmp.resolve("cache"), credentials)) {
            assertThat(source.fetchAndLoad("main", "spec").revision()).isEqualTo("main@sha1:" + head());
            String next = SERVER.commit("spec/volumes.yaml", volumes("3G"), "grow lv01 again");
            assertThat(source.fetchAndLoad("main", "spec").revision()).isEqualTo("main@sha1:" + next);
            assertThat(source.fetchAndLoad(null, "spec").revision()).isEqualTo("main@sha1:" + next);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
