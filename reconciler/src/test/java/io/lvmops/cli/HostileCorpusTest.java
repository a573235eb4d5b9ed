package io.lvmops.cli;

import io.lvmops.observe.ObservationJson;
import io.lvmops.transport.CommandResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile corpus under {@code src/test/resources/hostile} (each folder's README says what each file attacks)
 * and generated cases, through the real command line: specs to validate and plan, snapshots to plan --observed,
 * saved plans to apply, node outputs to status and plan. Every case must be refused with a clear error naming the
 * file (and FILE:LINE:COLUMN where the input has positions), a non-zero exit, no stack trace, in bounded time and
 * heap, and nothing but the read-only observation may reach a node (see {@link HostileRun}).
 */
class HostileCorpusTest {
    @TempDir
    static Path dir;

    /** FILE:LINE:COLUMN: as the spec loader and the JSON readers print a position. */
    static Pattern position(Path file) {
        return Pattern.compile(Pattern.quote(file.toString()) + ":\\d+:\\d+: ");
    }

    static Path corpus(String kind) {
        try {
            return Path.of(HostileCorpusTest.class.getResource("/hostile/" + kind).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The corpus files of one kind; each must be listed in its folder's README (what it attacks). */
    static Stream<Path> files(String kind) throws IOException {
        Path folder = corpus(kind);
        String readme = Files.readString(folder.resolve("README.md"));
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> files = s.filter(p -> !p.getFileName().toString().equals("README.md")).sorted().toList();
            for (Path f : files) {
                assertThat(readme).as("%s/README.md describes %s", kind, f.getFileName())
                        .contains("`" + f.getFileName() + "`");
            }
            assertThat(files).hasSizeGreaterThan(10);
            return files.stream();
        }
    }

    // ---------------------------------------------------------------- specs

    static Stream<Path> specs() throws IOException {
        return files("specs");
    }

    /** Spec cases whose error has no position in a file: the file cannot be read as text at all. */
    static final Set<String> SPECS_WITHOUT_POSITION = Set.of();

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void specIsRefusedWithItsPosition(Path file) throws IOException {
        // a copy: the messages name the path given on the command line
        Path spec = Files.write(dir.resolve(file.getFileName()), Files.readAllBytes(file));
        refusedSpec(spec, !SPECS_WITHOUT_POSITION.contains(file.getFileName().toString()));
    }

    /** validate and plan both refuse the spec with exit 3, naming it (with a position when asked), no node touched. */
    static void refusedSpec(Path spec, boolean withPosition) {
        refusedSpec(spec, withPosition, false);
    }

    static void refusedSpec(Path spec, boolean withPosition, boolean measureHeap) {
        for (String command : List.of("validate", "plan")) {
            HostileRun run = measureHeap ? HostileRun.noNodes().measuringHeap() : HostileRun.noNodes();
            HostileRun.Outcome o = run.run(cl -> { }, command, spec.toString());
            assertThat(o.exitCode()).as("%s: %s", command, o).isEqualTo(ExitCode.INVALID);
            assertThat(o.err()).as("%s: %s", command, o).contains(spec.toString());
            if (withPosition) {
                assertThat(position(spec).matcher(o.err()).find()).as("%s: FILE:LINE:COLUMN\n%s", command, o)
                        .isTrue();
            }
        }
    }

    /** A valid spec (PlanCommandTest's two nodes): the base the generated cases grow or mutate. */
    static final String VALID_SPEC = PlanCommandTest.TWO_NODE_SPEC;

    @TestFactory
    Stream<DynamicTest> generatedSpecs() throws IOException {
        Path gen = Files.createDirectories(dir.resolve("generated-specs"));
        Map<String, byte[]> cases = new LinkedHashMap<>();
        StringBuilder big = new StringBuilder(VALID_SPEC).append("x-padding:\n");
        while (big.length() < (2 << 20)) {
            big.append("  - ").append("p".repeat(70)).append('\n');
        }
        cases.put("two-mib.yaml", utf8(big.toString()));
        cases.put("long-line.yaml", utf8("apiVersion: lvmops/v1\nnodes:\n  - {name: n1, host: " + "h".repeat(100 << 10)
                + "}\n"));
        StringBuilder aliases = new StringBuilder("apiVersion: lvmops/v1\nx-base: &a [1, 2, 3]\nx-aliases:\n");
        for (int i = 0; i < 100_000; i++) {
            aliases.append("  - *a\n");
        }
        cases.put("hundred-thousand-aliases.yaml", utf8(aliases.toString()));
        cases.put("fifty-thousand-deep.yaml", utf8("apiVersion: lvmops/v1\nnodes: " + "[".repeat(50_000)
                + "]".repeat(50_000) + "\n"));
        cases.put("fifty-thousand-deep-mappings.yaml", utf8("apiVersion: lvmops/v1\nnodes: " + "{a: ".repeat(50_000)
                + "1" + "}".repeat(50_000) + "\n"));
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, byte[]> c : cases.entrySet()) {
            Path spec = Files.write(gen.resolve(c.getKey()), c.getValue());
            // a file too big to parse is refused before reading it, as a whole: no line to point at
            boolean whole = c.getKey().equals("two-mib.yaml");
            tests.add(DynamicTest.dynamicTest(c.getKey(), () -> refusedSpec(spec, !whole, true)));
        }

        // a directory where a spec file is expected, symlinks that lead nowhere useful
        Path asDir = Files.createDirectories(gen.resolve("dir-spec").resolve("nodes.yaml"));
        tests.add(DynamicTest.dynamicTest("directory named nodes.yaml inside a spec directory",
                () -> refusedSpec(asDir.getParent(), false)));
        Path loopDir = Files.createDirectories(gen.resolve("loop-spec"));
        Files.createSymbolicLink(loopDir.resolve("a.yaml"), loopDir.resolve("b.yaml"));
        Files.createSymbolicLink(loopDir.resolve("b.yaml"), loopDir.resolve("a.yaml"));
        tests.add(DynamicTest.dynamicTest("symlink loop", () -> refusedSpec(loopDir, false)));
        Path dangling = Files.createSymbolicLink(gen.resolve("dangling.yaml"), gen.resolve("nothing-here"));
        tests.add(DynamicTest.dynamicTest("dangling symlink", () -> refusedSpec(dangling, false)));
        Path toZero = Files.createSymbolicLink(gen.resolve("zero.yaml"), Path.of("/dev/zero"));
        tests.add(DynamicTest.dynamicTest("symlink to /dev/zero", () -> refusedSpec(toZero, false)));
        Path zeroInDir = Files.createDirectories(gen.resolve("zero-dir"));
        Files.createSymbolicLink(zeroInDir.resolve("spec.yaml"), Path.of("/dev/zero"));
        tests.add(DynamicTest.dynamicTest("symlink to /dev/zero in a spec directory",
                () -> refusedSpec(zeroInDir, false)));
        Path toEtc = Files.createDirectories(gen.resolve("etc-dir"));
        Files.createSymbolicLink(toEtc.resolve("passwd.yaml"), Path.of("/etc/passwd"));
        tests.add(DynamicTest.dynamicTest("symlink to /etc/passwd in a spec directory",
                () -> refusedSpec(toEtc, false)));
        Path missing = gen.resolve("does-not-exist.yaml");
        tests.add(DynamicTest.dynamicTest("missing file", () -> refusedSpec(missing, false)));
        return tests.stream();
    }

    /**
     * A few hundred seeded byte mutations of a valid spec: each must be either valid (a mutation inside a comment
     * or a value that stays valid) or refused as {@link #refusedSpec} demands, never anything else.
     */
    @TestFactory
    Stream<DynamicTest> mutatedSpecs() throws IOException {
        Path gen = Files.createDirectories(dir.resolve("mutated"));
        byte[] valid = utf8(VALID_SPEC);
        Random random = new Random(20261207L);
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] m = valid.clone();
            int edits = 1 + random.nextInt(4);
            StringBuilder what = new StringBuilder();
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(m.length);
                byte b = switch (random.nextInt(4)) {
                    case 0 -> (byte) random.nextInt(256);
                    case 1 -> (byte) "{}[]:,-&*!|>'\"%@`#\t\n\r\0\u001b".charAt(random.nextInt(23));
                    case 2 -> (byte) ('0' + random.nextInt(10));
                    default -> (byte) ' ';
                };
                what.append(at).append('=').append(b & 0xff).append(' ');
                m[at] = b;
            }
            Path spec = Files.write(gen.resolve("mutation-" + i + ".yaml"), m);
            tests.add(DynamicTest.dynamicTest("mutation " + i + ": " + what, () -> mutatedSpec(spec)));
        }
        return tests.stream();
    }

    private static void mutatedSpec(Path spec) {
        HostileRun.Outcome validate = new HostileRun(null).runAllowingSuccess("validate", spec.toString());
        if (validate.exitCode() == ExitCode.OK) {
            return; // the mutation left a valid spec
        }
        assertThat(validate.exitCode()).as("%s", validate).isEqualTo(ExitCode.INVALID);
        assertThat(position(spec).matcher(validate.err()).find()).as("FILE:LINE:COLUMN\n%s", validate).isTrue();
        HostileRun.Outcome plan = HostileRun.noNodes().run(cl -> { }, "plan", spec.toString());
        assertThat(plan.exitCode()).as("%s", plan).isEqualTo(ExitCode.INVALID);
    }

    // ---------------------------------------------------------------- snapshots

    static Stream<Path> snapshots() throws IOException {
        return files("snapshots");
    }

    /** Snapshots that are not JSON a parser can read to the end: the error must say FILE:LINE:COLUMN. */
    static final Set<String> BROKEN_JSON = Set.of("truncated.json", "deep-arrays.json", "huge-exponent.json",
            "not-json.txt", "nul-bytes.json", "invalid-utf8.json", "bom.json", "trailing-garbage.json",
            "huge-number.json");

    static Path twoNodeSpec;

    @BeforeAll
    static void writeSpec() throws IOException {
        twoNodeSpec = Files.writeString(dir.resolve("spec.yaml"), VALID_SPEC);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snapshots")
    void snapshotIsRefused(Path file) throws IOException {
        Path snap = Files.write(dir.resolve(file.getFileName()), Files.readAllBytes(file));
        refusedSnapshot(snap, BROKEN_JSON.contains(file.getFileName().toString()));
    }

    static void refusedSnapshot(Path snap, boolean withPosition) {
        refusedSnapshot(snap, withPosition, HostileRun.noNodes());
    }

    static void refusedSnapshot(Path snap, boolean withPosition, HostileRun run) {
        HostileRun.Outcome o = run.run(cl -> { }, "plan", twoNodeSpec.toString(), "--observed", snap.toString());
        assertThat(o.exitCode()).as("%s", o).isEqualTo(ExitCode.INVALID);
        assertThat(o.err()).as("%s", o).contains(snap.toString());
        if (withPosition) {
            assertThat(position(snap).matcher(o.err()).find()).as("FILE:LINE:COLUMN\n%s", o).isTrue();
        }
    }

    @TestFactory
    Stream<DynamicTest> generatedSnapshots() throws IOException {
        String valid = ObservationJson.write(PlanCommandTest.lvMissing());
        Path deep = Files.writeString(dir.resolve("deep-50k.json"),
                valid.replaceFirst("\\{", "{\"x\": " + "[".repeat(50_000) + "]".repeat(50_000) + ","));
        Path longString = Files.writeString(dir.resolve("long-string.json"),
                valid.replaceFirst("\"n1\"", "\"" + "n".repeat(20 << 20) + "\""));
        return Stream.of(
                DynamicTest.dynamicTest("50k-deep arrays",
                        () -> refusedSnapshot(deep, true, HostileRun.noNodes().measuringHeap())),
                DynamicTest.dynamicTest("a 20 MiB string",
                        () -> refusedSnapshot(longString, true, HostileRun.noNodes().measuringHeap())),
                DynamicTest.dynamicTest("/dev/zero as the snapshot", () -> refusedSnapshot(Path.of("/dev/zero"), false,
                        HostileRun.noNodes().measuringHeap())));
    }

    // ---------------------------------------------------------------- saved plans

    static Stream<Path> plans() throws IOException {
        return files("plans");
    }

    /** Plans that are not JSON a parser can read to the end: the error must say FILE:LINE:COLUMN. */
    static final Set<String> BROKEN_PLANS = Set.of("truncated.json", "deep-nesting.json", "invalid-utf8.json",
            "huge-number.json", "wrong-types.json", "unknown-step-kind.json");

    @ParameterizedTest(name = "{0}")
    @MethodSource("plans")
    void savedPlanIsRefusedAndNothingRuns(Path file) throws IOException {
        Path plan = dir.resolve("plans").resolve(file.getFileName());
        Files.createDirectories(plan.getParent());
        Files.write(plan, realPlanValues(Files.readString(file, StandardCharsets.ISO_8859_1))
                .getBytes(StandardCharsets.ISO_8859_1));
        refusedPlan(plan, BROKEN_PLANS.contains(file.getFileName().toString()));
    }

    /** The template's @SPEC@, @REVISION@ and @FINGERPRINT@ from a real plan of the test's spec and observation. */
    private static String realPlanValues(String template) throws IOException {
        Path saved = dir.resolve("real-plan.json");
        if (!Files.exists(saved)) {
            Path snap = Files.writeString(dir.resolve("real-snap.json"),
                    ObservationJson.write(PlanCommandTest.lvMissing()));
            HostileRun.Outcome o = new HostileRun(null).runAllowingSuccess("plan", twoNodeSpec.toString(),
                    "--observed", snap.toString(), "--out", saved.toString());
            assertThat(o.exitCode()).as("%s", o).isZero();
        }
        var real = io.lvmops.plan.render.PlanJson.readSaved(Files.readString(saved));
        return template.replace("@SPEC@", real.spec().replace("\\", "\\\\"))
                .replace("@REVISION@", real.plan().specRevision())
                .replace("@FINGERPRINT@", real.plan().fingerprint());
    }

    static void refusedPlan(Path plan, boolean withPosition) {
        refusedPlan(plan, withPosition, false);
    }

    static void refusedPlan(Path plan, boolean withPosition, boolean measureHeap) {
        HostileRun run = new HostileRun((node, command) -> {
            throw new AssertionError("the apply's observation goes through the test's observer");
        });
        if (measureHeap) {
            run.measuringHeap();
        }
        Path locks = dir.resolve("locks");
        HostileRun.Outcome o = run.run(cl -> {
            ApplyCommand apply = cl.getSubcommands().get("apply").getCommand();
            apply.terminal = false;
            apply.input = new java.io.BufferedReader(new java.io.StringReader(""));
            apply.fleetObserver = (spec, factory) -> PlanCommandTest.lvMissing();
            apply.nodeObserver = (spec, node, transport) ->
                    PlanCommandTest.lvMissing().node(node.name()).orElseThrow();
        }, "apply", plan.toString(), "--lock-dir", mkdirs(locks).toString(), "--state-dir",
                dir.resolve("state").toString());
        assertThat(o.exitCode()).as("%s", o).isIn(ExitCode.ERROR, ExitCode.INVALID);
        assertThat(o.ran()).as("nothing may run for a refused plan\n%s", o).isEmpty();
        assertThat(o.err()).as("%s", o).contains(plan.toString());
        if (withPosition) {
            assertThat(position(plan).matcher(o.err()).find()).as("FILE:LINE:COLUMN\n%s", o).isTrue();
        }
    }

    @TestFactory
    Stream<DynamicTest> generatedPlans() throws IOException {
        String template = Files.readString(corpus("plans").resolve("forged-argv.json"));
        int steps = template.indexOf("\"steps\": [");
        assertThat(steps).isPositive();
        StringBuilder many = new StringBuilder(template.substring(0, steps)).append("\"steps\": [");
        for (int i = 0; i < 100_000; i++) {
            many.append(i == 0 ? "" : ",").append("{\"type\":\"mkdir\",\"node\":\"n1\",\"path\":\"/mnt/t")
                    .append(i).append("\",\"reason\":\"x\",\"action\":\"+\"}");
        }
        many.append("], \"spec\": \"@SPEC@\"}");
        Path plan = Files.writeString(dir.resolve("hundred-thousand-steps.json"), realPlanValues(many.toString()));
        return Stream.of(DynamicTest.dynamicTest("100k steps", () -> refusedPlan(plan, false, true)));
    }

    // ---------------------------------------------------------------- node outputs

    static Stream<Path> nodeOutputs() throws IOException {
        return files("node-output");
    }

    /** The spec the base capture observe/lab/fs1-*-observe.txt was taken with (its probe paths and filesystems). */
    static final String FS_SPEC = """
            apiVersion: lvmops/v1
            nodes:
              - {name: node1, host: 10.0.2.15}
              - {name: node2, host: 10.0.2.16}
            devices:
              - {name: lun-a, path: /dev/mapper/test_block_a}
            volumeGroups:
              - {name: vg0, devices: [lun-a]}
            logicalVolumes:
              - {name: lv01, vg: vg0, size: 1G, owner: node1, filesystem: {type: ext4, mountPoint: /mnt/t_lv01}}
              - {name: lv02, vg: vg0, size: 1G, owner: node2, filesystem: {type: xfs, mountPoint: /mnt/t_lv02}}
              - {name: lv03, vg: vg0, size: 64M, owner: node1, filesystem: {type: ext4, mountPoint: /mnt/t_lv03}}
            """;

    /** What the README says each node output must produce (a fragment of stdout or stderr). */
    static Map<String, String> expectations() throws IOException {
        Map<String, String> expect = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\| `([^`]+)` \\| .* \\| (.+) \\|$")
                .matcher(Files.readString(corpus("node-output").resolve("README.md")));
        while (m.find()) {
            expect.put(m.group(1), m.group(2).strip().replaceAll("^`|`$", ""));
        }
        return expect;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nodeOutputs")
    void nodeOutputIsAnErrorNamingTheNodeAndNothingRuns(Path file) throws IOException {
        String name = file.getFileName().toString();
        String base = fixture("observe/lab/fs1-node1-observe.txt");
        // as a transport decodes a node's bytes
        String hostile = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        String node1 = name.startsWith("framing.") ? hostile : replaceSection(base, sectionOf(name), hostile);
        String node2 = fixture("observe/lab/fs1-node2-observe.txt");
        String expected = expectations().get(name);
        assertThat(expected).as("README expectation of %s", name).isNotNull();
        Path spec = Files.writeString(dir.resolve("fs-spec.yaml"), FS_SPEC);
        HostileRun status = replaying(node1, node2);
        HostileRun.Outcome o = expected.equals("-")
                ? status.runAllowingSuccess("status", spec.toString(), "--state-dir", dir.resolve("state").toString())
                : status.run(cl -> { }, "status", spec.toString(), "--state-dir", dir.resolve("state").toString());
        assertThat(o.all()).as("status names node1\n%s", o).contains("node1");
        if (!expected.equals("-")) {
            assertThat(o.all()).as("status says what is wrong\n%s", o).contains(expected);
        }
        // plan end to end on the same outputs: it may propose steps (a node it cannot read blocks its VGs, a value
        // held as data changes nothing), but every other check holds and nothing runs
        replaying(node1, node2).runAllowingSuccess("plan", spec.toString(), "--no-color");
    }

    /** Nodes answering the observation with these outputs, under the nonce lvmops chose for the run. */
    private static HostileRun replaying(String node1, String node2) {
        return new HostileRun((node, command) -> new CommandResult(0, (node.equals("node1") ? node1 : node2)
                .replace("@@lvmops-fixture ", "@@lvmops-" + HostileRun.nonce(command) + " "), "", Duration.ZERO));
    }

    /** "section.probe.1.hostile-label.txt": probe.1. */
    static String sectionOf(String file) {
        String s = file.substring("section.".length(), file.length() - ".txt".length());
        return s.substring(0, s.lastIndexOf('.'));
    }

    /** The base output with section NAME's stdout replaced. */
    static String replaceSection(String base, String section, String stdout) {
        String begin = "@@lvmops-fixture section " + section + "\n";
        String end = "@@lvmops-fixture stderr " + section + "\n";
        int from = base.indexOf(begin);
        int to = base.indexOf(end);
        assertThat(from).as("section %s in the base capture", section).isNotNegative();
        String text = stdout.endsWith("\n") ? stdout : stdout + "\n";
        return base.substring(0, from + begin.length()) + text + "\n" + base.substring(to);
    }

    // ---------------------------------------------------------------- files and bytes

    static String fixture(String path) {
        try (InputStream in = HostileCorpusTest.class.getResourceAsStream("/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Path mkdirs(Path p) {
        try {
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
