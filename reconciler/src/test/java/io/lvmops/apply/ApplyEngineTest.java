package io.lvmops.apply;

import io.lvmops.model.NodeSpec;
import io.lvmops.observe.DmDevice;
import io.lvmops.observe.NodeObservation;
import io.lvmops.observe.NodeObserver;
import io.lvmops.plan.Fx;
import io.lvmops.plan.Plan;
import io.lvmops.plan.step.Activate;
import io.lvmops.plan.step.Deactivate;
import io.lvmops.plan.step.IscsiLogin;
import io.lvmops.plan.step.MakeMountPoint;
import io.lvmops.plan.step.Step;
import io.lvmops.plan.step.VerifyBlank;
import io.lvmops.plan.step.VerifyInactive;
import io.lvmops.transport.Command;
import io.lvmops.transport.CommandResult;
import io.lvmops.transport.Transport;
import io.lvmops.transport.TransportException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static io.lvmops.plan.Fx.G;
import static org.assertj.core.api.Assertions.assertThat;

class ApplyEngineTest {
    /** Every command run, as "node: command line", across nodes, in order. */
    private final List<String> ran = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Function<Command, CommandResult>> behaviour = new HashMap<>();
    private final List<String> opened = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<String> closed = java.util.Collections.synchronizedList(new ArrayList<>());

    private Transport transport(NodeSpec node) {
        opened.add(node.name());
        return new Transport() {
            @Override
            public String node() {
                return node.name();
            }

            @Override
            public CommandResult run(Command command) throws TransportException {
                String line = node.name() + ": " + String.join(" ", command.argv());
                ran.add(line);
                Function<Command, CommandResult> b = behaviour.get(line);
                if (b == null) {
                    return new CommandResult(0, "", "", null);
                }
                CommandResult r = b.apply(command);
                if (r == null) {
                    throw new TransportException(node.name(), "connection reset");
                }
                return r;
            }

            @Override
            public void close() {
                closed.add(node.name());
            }
        };
    }

    private static Plan plan(Step... steps) {
        return new Plan(1, null, "sha256:x", List.of(steps), List.of(), List.of());
    }

    private static final Step DEACTIVATE = new Deactivate("n1", "vg0", "lv01", "r");
    private static final Step VERIFY = new VerifyInactive("n1", "vg0", "lv01", "r");
    private static final Step ACTIVATE = new Activate("n2", "vg0", "lv01", false, "r");

    private ApplyResult apply(NodeObserver observer, Plan plan, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        ApplyEngine engine = new ApplyEngine(Fx.twoNodes(), this::transport, observer,
                new PrintingApplyListener(new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)));
        return engine.apply(plan);
    }

    private static NodeObserver observed(NodeObservation n) {
        return (spec, node, transport) -> n;
    }

    @Test
    void runsEveryStepInOrderPrintsEachAndClosesTransports() {
        var out = new ByteArrayOutputStream();
        ApplyResult result = apply(observed(Fx.node("n1").withVg().lv("lv01", G, false, false).build()),
                plan(DEACTIVATE, VERIFY, ACTIVATE), out, new ByteArrayOutputStream());
        assertThat(result.succeeded()).isTrue();
        assertThat(result.completed()).hasSize(3);
        assertThat(ran).containsExactly("n1: lvm lvchange --config devices/hints=none -an vg0/lv01",
                "n2: lvm lvchange --config devices/hints=none -ay vg0/lv01");
        assertThat(out.toString(StandardCharsets.UTF_8)).matches("(?s)\\[1/3] n1 ~ lvm lvchange --config devices/hints=none -an vg0/lv01 \\(\\d+\\.\\ds\\)\n"
                + "\\[2/3] n1 \\? \\(re-observe n1\\) verify vg0/lv01 is inactive \\(\\d+\\.\\ds\\)\n"
                + "\\[3/3] n2 ~ lvm lvchange --config devices/hints=none -ay vg0/lv01 \\(\\d+\\.\\ds\\)\n");
        assertThat(opened).containsExactly("n1", "n2");
        assertThat(closed).containsExactlyInAnyOrder("n1", "n2");
    }

    @Test
    void failedDeactivationStopsBeforeAnyActivation() {
        behaviour.put("n1: lvm lvchange --config devices/hints=none -an vg0/lv01",
                c -> new CommandResult(5, "", "  Logical volume vg0/lv01 in use.", null));
        var err = new ByteArrayOutputStream();
        ApplyResult result = apply(observed(Fx.node("n1").build()), plan(DEACTIVATE, VERIFY, ACTIVATE),
                new ByteArrayOutputStream(), err);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.failure().index()).isZero();
        assertThat(result.failure().exitCode()).isEqualTo(5);
        assertThat(ran).noneMatch(l -> l.contains("-ay"));
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("FAILED on n1").contains("lvm lvchange --config devices/hints=none -an vg0/lv01")
                .contains("exit code 5").contains("stderr:   Logical volume vg0/lv01 in use.");
    }

    @Test
    void aNodeWhoseLvmIsBlindToTheVgIsNotVerifiedInactive_theSameRuleAsThePlanners() {
        // n1 still sees the device (an LVM2_member) but its LVM lists nothing: lv01 is unknown there, not inactive
        NodeObservation blind = Fx.node("n1").loggedIn("LVM2_member").build();
        ApplyResult unknown = apply(observed(blind), plan(DEACTIVATE, VERIFY, ACTIVATE), new ByteArrayOutputStream(),
                new ByteArrayOutputStream());
        assertThat(unknown.failure().step()).isEqualTo(VERIFY);
        assertThat(unknown.failure().message()).contains("not known to be inactive on n1")
                .contains("its LVM does not list vg0");
        assertThat(ran).noneMatch(l -> l.contains("-ay"));

        // only the mount table shows it (mounted by another path, by device number)
        ran.clear();
        NodeObservation mounted = new NodeObservation("n1", true, null, "n1", Fx.LVM, null, null, null, null,
                List.of(new io.lvmops.observe.MountEntry("/dev/dm-1", "/srv/x", "ext4", "253:1")), null,
                List.of(new DmDevice("vg0-lv01", "", 1, "253:1")), null);
        ApplyResult inUse = apply(observed(mounted), plan(DEACTIVATE, VERIFY, ACTIVATE), new ByteArrayOutputStream(),
                new ByteArrayOutputStream());
        assertThat(inUse.failure().message()).contains("still active on n1").contains("mounted at /srv/x");
        assertThat(ran).noneMatch(l -> l.contains("-ay"));
    }

    @Test
    void unverifiedDeactivationStopsBeforeActivation_stillActiveOrStillMapped() {
        ApplyResult active = apply(observed(Fx.node("n1").withVg().lv("lv01", G, true, false).build()),
                plan(DEACTIVATE, VERIFY, ACTIVATE), new ByteArrayOutputStream(), new ByteArrayOutputStream());
        assertThat(active.failure().step()).isEqualTo(VERIFY);
        assertThat(active.failure().message()).contains("still active on n1");
        assertThat(ran).noneMatch(l -> l.contains("-ay"));

        ran.clear();
        NodeObservation mapped = new NodeObservation("n1", true, null, "n1", Fx.LVM, null, null, null, null, null,
                null, List.of(new DmDevice("vg0-lv01", "LVM-x", 0)), null);
        ApplyResult dm = apply(observed(mapped), plan(DEACTIVATE, VERIFY, ACTIVATE), new ByteArrayOutputStream(),
                new ByteArrayOutputStream());
        assertThat(dm.failure().step()).isEqualTo(VERIFY);
        assertThat(ran).noneMatch(l -> l.contains("-ay"));
    }

    @Test
    void unreachableOnVerificationStopsBeforeActivation() {
        ApplyResult result = apply(observed(NodeObservation.unreachable("n1", "timeout")),
                plan(DEACTIVATE, VERIFY, ACTIVATE), new ByteArrayOutputStream(), new ByteArrayOutputStream());
        assertThat(result.failure().message()).contains("could not re-observe n1 (timeout)");
        assertThat(ran).noneMatch(l -> l.contains("-ay"));
    }

    @Test
    void lostConnectionIsAFailureWithUnknownState() {
        behaviour.put("n1: lvm lvchange --config devices/hints=none -an vg0/lv01", c -> null);
        ApplyResult result = apply(observed(Fx.node("n1").build()), plan(DEACTIVATE, VERIFY, ACTIVATE),
                new ByteArrayOutputStream(), new ByteArrayOutputStream());
        assertThat(result.failure().exitCode()).isNull();
        assertThat(result.failure().message()).contains("lost n1").contains("unknown");
        assertThat(result.completed()).isEmpty();
    }

    @Test
    void stepsDecideTheirOwnSuccess_verifyBlankWantsExitCode2() {
        behaviour.put("n1: blkid -p /dev/sdb", c -> new CommandResult(2, "", "", null));
        assertThat(apply(observed(Fx.node("n1").build()), plan(new VerifyBlank("n1", "/dev/sdb", "r")),
                new ByteArrayOutputStream(), new ByteArrayOutputStream()).succeeded()).isTrue();
        behaviour.put("n1: blkid -p /dev/sdb", c -> new CommandResult(0, "/dev/sdb: TYPE=\"ext4\"", "", null));
        assertThat(apply(observed(Fx.node("n1").build()), plan(new VerifyBlank("n1", "/dev/sdb", "r"), ACTIVATE),
                new ByteArrayOutputStream(), new ByteArrayOutputStream()).failure().exitCode()).isZero();
        assertThat(ran).noneMatch(l -> l.contains("-ay"));
    }

    // ---- concurrency (StepGraph) ----

    private static final Step LOGIN_N1 = new IscsiLogin("n1", "t", "p", "r");
    private static final Step LOGIN_N2 = new IscsiLogin("n2", "t", "p", "r");
    private static final Step MKDIR_N1 = new MakeMountPoint("n1", "/mnt/x", "r");

    private static CommandResult awaiting(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS) ? new CommandResult(0, "", "", null)
                    : new CommandResult(1, "", "the other node's step never started alongside", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CommandResult(1, "", "interrupted", null);
        }
    }

    @Test
    void stepsOfDifferentNodesThatCannotSeeEachOtherRunAtTheSameTime() {
        // each login waits until the other node's login has started: only a concurrent engine gets through
        CountDownLatch n1Started = new CountDownLatch(1);
        CountDownLatch n2Started = new CountDownLatch(1);
        behaviour.put("n1: iscsiadm -m node -T t -p p --login", c -> {
            n1Started.countDown();
            return awaiting(n2Started);
        });
        behaviour.put("n2: iscsiadm -m node -T t -p p --login", c -> {
            n2Started.countDown();
            return awaiting(n1Started);
        });
        ApplyResult result = apply(observed(Fx.node("n1").build()), plan(LOGIN_N1, LOGIN_N2, MKDIR_N1),
                new ByteArrayOutputStream(), new ByteArrayOutputStream());
        assertThat(result.succeeded()).as("%s", result).isTrue();
        assertThat(result.completed()).extracting(StepOutcome::index).containsExactly(0, 1, 2);
        assertThat(ran.indexOf("n1: mkdir -p /mnt/x")).isGreaterThan(ran.indexOf("n1: iscsiadm -m node -T t -p p --login"));
    }

    @Test
    void withParallelismOneThePlanRunsStrictlyInOrder() {
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        ApplyEngine engine = new ApplyEngine(Fx.twoNodes(), this::transport, observed(Fx.node("n1").build()),
                new ApplyListener() {
                    @Override
                    public void started(int index, int total, Step step) {
                        order.add("start " + index);
                    }

                    @Override
                    public void succeeded(int index, int total, Step step, java.time.Duration d) {
                        order.add("done " + index);
                    }

                    @Override
                    public void failed(StepFailure failure, java.time.Duration d) {
                    }
                }, 1);
        assertThat(engine.apply(plan(LOGIN_N1, LOGIN_N2, MKDIR_N1)).succeeded()).isTrue();
        assertThat(order).containsExactly("start 0", "done 0", "start 1", "done 1", "start 2", "done 2");
    }

    @Test
    void aFailureStartsNothingMoreButLetsTheRunningStepsOfOtherNodesFinish() {
        CountDownLatch n2Running = new CountDownLatch(1);
        CountDownLatch n1Failed = new CountDownLatch(1);
        behaviour.put("n2: iscsiadm -m node -T t -p p --login", c -> {
            n2Running.countDown();
            return awaiting(n1Failed);
        });
        behaviour.put("n1: iscsiadm -m node -T t -p p --login", c -> {
            awaiting(n2Running);
            n1Failed.countDown();
            return new CommandResult(15, "", "iscsiadm: connection refused", null);
        });
        ApplyResult result = apply(observed(Fx.node("n1").build()), plan(LOGIN_N1, LOGIN_N2, MKDIR_N1, DEACTIVATE),
                new ByteArrayOutputStream(), new ByteArrayOutputStream());
        assertThat(result.failure().index()).isZero();
        assertThat(result.completed()).extracting(StepOutcome::index).containsExactly(1);
        assertThat(ran).doesNotContain("n1: mkdir -p /mnt/x").noneMatch(l -> l.contains("lvchange"));
    }

    @Test
    void aStopConditionStopsBeforeTheNextStepAndSaysWhy() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        ApplyEngine engine = new ApplyEngine(Fx.twoNodes(), this::transport, observed(Fx.node("n1").build()),
                null, 1);
        ApplyResult result = engine.apply(plan(DEACTIVATE, VERIFY, ACTIVATE),
                () -> asked.incrementAndGet() > 1 ? "the lock of vg0 was lost" : null);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.failure()).isNull();
        assertThat(result.stopped()).isEqualTo("the lock of vg0 was lost");
        assertThat(result.completed()).extracting(StepOutcome::index).containsExactly(0);
        assertThat(ran).noneMatch(l -> l.contains("-ay"));
    }

    @Test
    void stepsRunThroughEachNodesPipelinedViewAndReObservationsThroughTheTransportItself() {
        List<String> events = new ArrayList<>();
        List<Transport> observedThrough = new ArrayList<>();
        class Node implements Transport {
            final String name;
            final String kind;

            Node(String name, String kind) {
                this.name = name;
                this.kind = kind;
            }

            @Override
            public String node() {
                return name;
            }

            @Override
            public CommandResult run(Command command) {
                events.add(name + " " + kind + ": " + command.argv().get(0));
                return new CommandResult(0, "", "", null);
            }

            @Override
            public Transport pipelined() {
                events.add(name + " " + kind + ": pipelined");
                return new Node(name, "shell");
            }

            @Override
            public void close() {
                events.add(name + " " + kind + ": closed");
            }
        }
        NodeObserver observer = (spec, node, transport) -> {
            observedThrough.add(transport);
            return Fx.node("n1").withVg().lv("lv01", G, false, false).build();
        };

        ApplyResult result = new ApplyEngine(Fx.twoNodes(), node -> new Node(node.name(), "transport"), observer,
                null).apply(plan(DEACTIVATE, VERIFY, DEACTIVATE, ACTIVATE));

        assertThat(result.succeeded()).isTrue();
        assertThat(events).containsExactly("n1 transport: pipelined", "n1 shell: lvm", "n1 shell: lvm",
                "n2 transport: pipelined", "n2 shell: lvm",
                "n1 shell: closed", "n2 shell: closed", "n1 transport: closed", "n2 transport: closed");
        assertThat(observedThrough).singleElement().extracting(t -> ((Node) t).kind).isEqualTo("transport");
    }

    private static final Step SAME = new io.lvmops.plan.step.VerifySameDevice("n1", Fx.DEV, List.of("n1", "n2"), "r");
    private static final Step PVCREATE = new io.lvmops.plan.step.PvCreate("n1", Fx.DEV, "r");

    private static NodeObserver views(Map<String, NodeObservation> byNode) {
        return (spec, node, transport) -> byNode.get(node.name());
    }

    @Test
    void verifySameDevice_nodesSeeingOneBlankDisk_letThePvcreateRun() {
        ApplyResult result = apply(views(Map.of(
                "n1", Fx.node("n1").loggedIn("").identity("mpath-360000000000000000e00000000010001", 8 * G, null).build(),
                "n2", Fx.node("n2").loggedIn("").identity("naa.60000000000000000e00000000010001", 8 * G, null).build())),
                plan(SAME, PVCREATE), new ByteArrayOutputStream(), new ByteArrayOutputStream());
        assertThat(result.succeeded()).isTrue();
        assertThat(opened).containsExactlyInAnyOrder("n1", "n2");
    }

    @Test
    void verifySameDevice_anotherDiskOnOneNode_stopsBeforeAnyWrite() {
        var err = new ByteArrayOutputStream();
        ApplyResult result = apply(views(Map.of(
                "n1", Fx.node("n1").loggedIn("").identity("mpath-360000000000000000e00000000010001", 8 * G, null).build(),
                "n2", Fx.node("n2").loggedIn("").identity("mpath-360000000000000000e00000000020001", 8 * G, null).build())),
                plan(SAME, PVCREATE), new ByteArrayOutputStream(), err);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.failure().index()).isZero();
        assertThat(ran).noneMatch(l -> l.contains("pvcreate"));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("n1 sees WWID 360000000000000000e00000000010001")
                .contains("n2 sees WWID 360000000000000000e00000000020001");
    }

    @Test
    void verifySameDevice_aSignatureOrAMissingDeviceOrAnUnreachableNode_stopsBeforeAnyWrite() {
        NodeObservation blank = Fx.node("n1").loggedIn("").identity("mpath-360000000000000000e00000000010001", 8 * G, null)
                .build();
        for (var n2 : List.of(
                Fx.node("n2").loggedIn("ext4").identity("mpath-360000000000000000e00000000010001", 8 * G, null).build(),
                Fx.node("n2").build(),
                NodeObservation.unreachable("n2", "connection reset"))) {
            ran.clear();
            var err = new ByteArrayOutputStream();
            ApplyResult result = apply(views(Map.of("n1", blank, "n2", n2)), plan(SAME, PVCREATE),
                    new ByteArrayOutputStream(), err);
            assertThat(result.succeeded()).as("n2 = %s", n2).isFalse();
            assertThat(ran).noneMatch(l -> l.contains("pvcreate"));
            assertThat(err.toString(StandardCharsets.UTF_8)).containsAnyOf("sees a 'ext4' signature",
                    "n2 does not see " + Fx.DEV, "could not re-observe n2");
        }
    }
}
