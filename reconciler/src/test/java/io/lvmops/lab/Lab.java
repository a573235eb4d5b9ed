package io.lvmops.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A running real-node lab ({@code lab/lab}): QEMU guests with real LVM, udev, open-iscsi and sshd sharing tgtd
 * iSCSI LUNs. Tests assert on the nodes through {@link #ssh}, never through lvmops' own view.
 *
 * <p>Test labs use their own state directory and ports (SSH 2300+, iSCSI 3270) so they never touch a lab a
 * person started by hand with the defaults; {@code LVMOPS_TEST_LAB_STATE}, {@code LVMOPS_TEST_LAB_SSH_PORT_BASE} and
 * {@code LVMOPS_TEST_LAB_ISCSI_PORT} move them so that two test runs can share a machine.
 */
public final class Lab implements AutoCloseable {
    private static final Duration UP_TIMEOUT = Duration.ofMinutes(15);

    private final Path repoRoot;
    private final Path state;
    private final Map<String, String> env;
    private final int nodes;
    private final Duration bootTime;

    private Lab(Path repoRoot, Path state, Map<String, String> env, int nodes, Duration bootTime) {
        this.repoRoot = repoRoot;
        this.state = state;
        this.env = env;
        this.nodes = nodes;
        this.bootTime = bootTime;
    }

    /** Boots a fresh lab with blank LUNs; returns when every node answers SSH. */
    public static Lab up(int nodes, int luns) throws IOException {
        return up(nodes, luns, "2G");
    }

    /** Boots a fresh lab with blank LUNs of {@code lunSize} each; returns when every node answers SSH. */
    public static Lab up(int nodes, int luns, String lunSize) throws IOException {
        return up(nodes, luns, lunSize, false);
    }

    /** {@code lockd}: every node runs wdmd, sanlock and lvmlockd from boot ({@code lab/lab up --lockd}). */
    public static Lab up(int nodes, int luns, String lunSize, boolean lockd) throws IOException {
        Path root = repoRoot();
        // Two test runs on one machine need different LVMOPS_TEST_LAB_STATE and ports, or one takes the other down.
        Path state = Path.of(System.getenv().getOrDefault("LVMOPS_TEST_LAB_STATE",
                Path.of(System.getProperty("java.io.tmpdir"), "lvmops-lab-test").toString()));
        Map<String, String> env = Map.of(
                "LVMOPS_LAB_STATE", state.toString(),
                "LVMOPS_LAB_SSH_PORT_BASE", System.getenv().getOrDefault("LVMOPS_TEST_LAB_SSH_PORT_BASE", "2300"),
                "LVMOPS_LAB_ISCSI_PORT", System.getenv().getOrDefault("LVMOPS_TEST_LAB_ISCSI_PORT", "3270"));
        // A previous run that died leaves its lab behind: take it down first.
        run(root, env, Duration.ofMinutes(2), root.resolve("lab/lab").toString(), "down");
        long start = System.nanoTime();
        List<String> upArgv = new ArrayList<>(List.of(root.resolve("lab/lab").toString(), "up",
                "--nodes", Integer.toString(nodes), "--luns", Integer.toString(luns), "--lun-size", lunSize));
        if (lockd) {
            upArgv.add("--lockd");
        }
        Result up = run(root, env, UP_TIMEOUT, upArgv.toArray(String[]::new));
        Duration boot = Duration.ofNanos(System.nanoTime() - start);
        if (up.exitCode() != 0) {
            throw new IOException("lab/lab up failed (exit " + up.exitCode() + "):\n" + up.stdout() + up.stderr());
        }
        System.out.printf("[lab] %d nodes, %d LUN(s) up in %.1f s%n", nodes, luns, boot.toMillis() / 1000.0);
        return new Lab(root, state, env, nodes, boot);
    }

    public Duration bootTime() {
        return bootTime;
    }

    public List<String> nodeNames() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            names.add("node" + i);
        }
        return names;
    }

    /** The lab's nodes and devices as an lvmops spec file ({@code lab/lab spec}). */
    public String specYaml() throws IOException {
        return lab(Duration.ofMinutes(1), "spec").requireOk("lab spec").stdout();
    }

    /**
     * A spec directory: the lab's {@code nodes.yaml} beside the given storage file(s), as a user would lay it out.
     * Each entry maps a file name to its YAML.
     */
    public Path specDirectory(Path dir, Map<String, String> storageFiles) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("nodes.yaml"), specYaml());
        for (Map.Entry<String, String> e : storageFiles.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue());
        }
        return dir;
    }

    /** Runs a shell command on a node as root over real SSH. */
    public Result ssh(String node, String command) throws IOException {
        return lab(Duration.ofMinutes(5), "ssh", node, command);
    }

    /** Like {@link #ssh} but fails the test when the command fails. */
    public String sshOk(String node, String command) throws IOException {
        return ssh(node, command).requireOk(node + ": " + command).stdout();
    }

    /**
     * Runs lvmops as a separate process, exactly as a user would ({@code java … io.lvmops.cli.LvmopsCommand ARGS}),
     * with this test JVM's class path, no terminal and no standard input.
     */
    public Result lvmops(Duration timeout, String... args) throws IOException {
        return run(repoRoot, Map.of(), timeout, lvmopsArgv(args).toArray(String[]::new));
    }

    /** Runs lvmops like {@link #lvmops} and prints the command line, its exit code and its output, for the log. */
    public Result lvmopsLogged(Duration timeout, String... args) throws IOException {
        Result r = lvmops(timeout, args);
        System.out.println("$ lvmops " + String.join(" ", args) + "   (exit " + r.exitCode() + ")");
        System.out.print(r.stdout());
        r.stderr().lines().forEach(l -> System.out.println("  stderr| " + l));
        return r;
    }

    /** Starts lvmops in the background; its output goes to {@code out} and {@code err}. */
    public Process startLvmops(Path out, Path err, String... args) throws IOException {
        return new ProcessBuilder(lvmopsArgv(args)).directory(repoRoot.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    private static List<String> lvmopsArgv(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.add("-cp");
        argv.add(System.getProperty("java.class.path"));
        argv.add("io.lvmops.cli.LvmopsCommand");
        argv.addAll(List.of(args));
        return argv;
    }

    /**
     * Starts a long-running shell command on a node over its own SSH connection ({@code lab/lab ssh}); its standard
     * output is the returned process' input stream, its standard error is discarded.
     */
    public Process startSsh(String node, String command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(repoRoot.resolve("lab/lab").toString(), "ssh", node, command)
                .directory(repoRoot.toFile());
        pb.environment().putAll(env);
        return pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Hard power-off (kills the node's QEMU). */
    public void stop(String node) throws IOException {
        lab(Duration.ofMinutes(2), "stop", node).requireOk("lab stop " + node);
    }

    /** Boots a stopped node with its persistent state and waits for SSH. */
    public void start(String node) throws IOException {
        lab(Duration.ofMinutes(10), "start", node).requireOk("lab start " + node);
    }

    public void reboot(String node) throws IOException {
        lab(Duration.ofMinutes(10), "reboot", node).requireOk("lab reboot " + node);
    }

    public Path repositoryRoot() {
        return repoRoot;
    }

    public Path stateDirectory() {
        return state;
    }

    @Override
    public void close() throws IOException {
        lab(Duration.ofMinutes(2), "down").requireOk("lab down");
    }

    private Result lab(Duration timeout, String... args) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(repoRoot.resolve("lab/lab").toString());
        argv.addAll(List.of(args));
        return run(repoRoot, env, timeout, argv.toArray(String[]::new));
    }

    /** Whether this checkout has the lab script (the lab suite needs it). */
    public static boolean available() {
        try {
            return Files.isExecutable(repoRoot().resolve("lab/lab"));
        } catch (IOException e) {
            return false;
        }
    }

    static Path repoRoot() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("lab/lab")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IOException("no lab/lab above " + Path.of("").toAbsolutePath());
    }

    static Result run(Path cwd, Map<String, String> env, Duration timeout, String... argv) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile());
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Path out = Files.createTempFile("lab-out", ".txt");
        Path err = Files.createTempFile("lab-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException(String.join(" ", argv) + " timed out after " + timeout + "\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** A finished command. */
    public record Result(int exitCode, String stdout, String stderr) {
        public Result requireOk(String what) throws IOException {
            if (exitCode != 0) {
                throw new IOException(what + " failed with exit " + exitCode + ":\n" + stdout + stderr);
            }
            return this;
        }
    }
}
