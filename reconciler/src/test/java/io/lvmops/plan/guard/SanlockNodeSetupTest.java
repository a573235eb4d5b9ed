package io.lvmops.plan.guard;

import io.lvmops.model.DeviceSpec;
import io.lvmops.model.Guard;
import io.lvmops.model.IscsiSpec;
import io.lvmops.model.LogicalVolumeSpec;
import io.lvmops.model.LvState;
import io.lvmops.model.NodeSpec;
import io.lvmops.model.Size;
import io.lvmops.model.Spec;
import io.lvmops.model.VolumeGroupSpec;
import io.lvmops.observe.GuardCheck;
import io.lvmops.observe.LockSetup;
import io.lvmops.observe.NodeLvmConfig;
import io.lvmops.observe.NodeObservation;
import io.lvmops.observe.SanlockLabCaptures;
import io.lvmops.plan.Fx;
import io.lvmops.plan.Planner;
import io.lvmops.plan.PlanOptions;
import io.lvmops.plan.step.LockDaemonsStart;
import io.lvmops.plan.step.LockStart;
import io.lvmops.plan.step.LvmConfigWrite;
import io.lvmops.plan.step.Step;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** guard: sanlock's node setup: daemons, watchdog, sanlock's options and boot persistence. */
class SanlockNodeSetupTest {
    static final Map<String, String> DISABLED = Map.of("wdmd", "disabled", "sanlock", "disabled", "lvmlockd",
            "disabled", "lvmlocks", "disabled");
    static final Map<String, String> ENABLED = Map.of("wdmd", "enabled", "sanlock", "enabled", "lvmlockd", "enabled",
            "lvmlocks", "enabled");
    static final Map<String, Boolean> DOWN = Map.of("wdmd", false, "sanlock", false, "lvmlockd", false);
    static final Map<String, Boolean> UP = Map.of("wdmd", true, "sanlock", true, "lvmlockd", true);

    /** lvmlocal.conf already right (use_lvmlockd = 1, host_id = 2): only the daemons' part is planned. */
    static NodeLvmConfig config(Map<String, Boolean> daemons, List<String> lockspaces, LockSetup setup) {
        return new NodeLvmConfig(null, null, true, 2, "local {\n\thost_id = 2\n}\n", daemons, lockspaces, setup);
    }

    /** Packages installed, nothing set up (the lab's fresh node; RHEL after dnf install). */
    static LockSetup fresh() {
        return new LockSetup(true, DISABLED, null, null, List.of(), List.of(), null, null);
    }

    /** What lvmops leaves behind. */
    static LockSetup converged(String node) {
        return new LockSetup(true, ENABLED, node, true, List.of(LockSetup.SOFTDOG_IDENTITY), List.of(),
                SanlockNodeSetup.sanlockDropIn(node), SanlockNodeSetup.WATCHDOG_MODULES_TEXT);
    }

    static List<String> names(List<Step> steps) {
        return steps.stream().map(s -> s.getClass().getSimpleName() + (s instanceof LvmConfigWrite w ? " " + w.path()
                : s instanceof LockDaemonsStart d ? (d.restartSanlock() ? " restart" : " keep") : "")).toList();
    }

    @Test
    void freshNode_dropInThenSoftdogThenDaemonsEnabledAndStarted() {
        SanlockNodeSetup.Result r = SanlockNodeSetup.plan("n2", config(DOWN, List.of(), fresh()));
        assertThat(names(r.steps())).containsExactly("LvmConfigWrite " + LockSetup.SANLOCK_DROP_IN,
                "LvmConfigWrite " + LockSetup.WATCHDOG_MODULES, "LockDaemonsStart keep");
        LvmConfigWrite dropIn = (LvmConfigWrite) r.steps().get(0);
        assertThat(dropIn.expectedSha256()).isEqualTo(LvmConfigWrite.ABSENT);
        assertThat(dropIn.content()).contains("After=wdmd.service\n")
                .contains("ExecStart=\nExecStart=/usr/sbin/sanlock daemon -w 1 -e n2\n");
        assertThat(dropIn.details()).contains("+ExecStart=/usr/sbin/sanlock daemon -w 1 -e n2");
        assertThat(((LvmConfigWrite) r.steps().get(1)).content()).endsWith("\nsoftdog\n");
        assertThat(r.steps().get(2).reason()).contains("wdmd is not running")
                .contains("wdmd.service, sanlock.service, lvmlockd.service, lvmlocks.service not enabled");
        assertThat(r.blocked()).isEmpty();
    }

    @Test
    void convergedNode_nothing() {
        SanlockNodeSetup.Result r = SanlockNodeSetup.plan("n2", config(UP, List.of("vg0"), converged("n2")));
        assertThat(r.steps()).isEmpty();
        assertThat(r.drift()).isEmpty();
    }

    @Test
    void hardwareWatchdog_noSoftdogFile() {
        LockSetup s = new LockSetup(true, ENABLED, "n2", true, List.of("iTCO_wdt"), List.of(),
                SanlockNodeSetup.sanlockDropIn("n2"), null);
        assertThat(SanlockNodeSetup.plan("n2", config(UP, List.of(), s)).steps()).isEmpty();
    }

    @Test
    void debianAfterInstall_sanlockRunsWithoutWatchdogUnderARandomName_restartedWhileItHoldsNoLockspace() {
        // Debian enables and starts the units at install; /etc/default/sanlock says -w 0
        LockSetup s = new LockSetup(true, ENABLED, "6b292b37-4355-4769-ba28-24320475ba15.node2", false,
                List.of(LockSetup.SOFTDOG_IDENTITY), List.of(), null, SanlockNodeSetup.WATCHDOG_MODULES_TEXT);
        SanlockNodeSetup.Result r = SanlockNodeSetup.plan("n2", config(UP, List.of(), s));
        assertThat(names(r.steps())).containsExactly("LvmConfigWrite " + LockSetup.SANLOCK_DROP_IN,
                "LockDaemonsStart restart");
        assertThat(r.steps().get(1).reason()).contains("runs as 6b292b37-4355-4769-ba28-24320475ba15.node2, not n2")
                .contains("without the watchdog").contains("restarted");
    }

    @Test
    void wrongSanlockHoldingALockspace_notRestarted_reported() {
        LockSetup s = new LockSetup(true, ENABLED, "n2", false, List.of(LockSetup.SOFTDOG_IDENTITY), List.of("vg1"),
                SanlockNodeSetup.sanlockDropIn("n2"), SanlockNodeSetup.WATCHDOG_MODULES_TEXT);
        SanlockNodeSetup.Result r = SanlockNodeSetup.plan("n2", config(UP, List.of("vg0"), s));
        assertThat(r.steps()).isEmpty();
        assertThat(r.drift()).singleElement().extracting(d -> d.message()).asString()
                .contains("without the watchdog").contains("holds lockspaces (vg0, vg1)").contains("vgchange --lockstop");
    }

    @Test
    void noSystemctl_daemonsStartedButNotPersisted_reported() {
        LockSetup s = new LockSetup(false, Map.of(), null, null, List.of(), List.of(), null, null);
        SanlockNodeSetup.Result r = SanlockNodeSetup.plan("n2", config(DOWN, List.of(), s));
        assertThat(names(r.steps())).containsExactly("LockDaemonsStart keep");
        assertThat(r.drift()).singleElement().extracting(d -> d.message()).asString()
                .contains("cannot make them start at boot");
    }

    @Test
    void unknownSetup_olderObservation_onlyStartsWhatIsDown() {
        assertThat(names(SanlockNodeSetup.plan("n2", config(DOWN, List.of(), null)).steps()))
                .containsExactly("LockDaemonsStart keep");
        assertThat(SanlockNodeSetup.plan("n2", config(UP, List.of(), null)).steps()).isEmpty();
    }

    @Test
    void packagesMissingOrAUnitMasked_isBlocked() {
        LockSetup noPackages = new LockSetup(true, Map.of("wdmd", "absent", "sanlock", "absent", "lvmlockd",
                "disabled", "lvmlocks", "disabled"), null, null, List.of(), List.of(), null, null);
        SanlockNodeSetup.Result r = SanlockNodeSetup.plan("n2", config(DOWN, List.of(), noPackages));
        assertThat(r.steps()).isEmpty();
        assertThat(r.blocked()).singleElement().extracting(b -> b.reason()).asString()
                .contains("needs wdmd.service, sanlock.service on n2").contains("install the sanlock and lvm2-lockd");
        LockSetup masked = new LockSetup(true, Map.of("wdmd", "enabled", "sanlock", "masked", "lvmlockd",
                "enabled", "lvmlocks", "enabled"), null, null, List.of(), List.of(), null, null);
        assertThat(SanlockNodeSetup.plan("n2", config(DOWN, List.of(), masked)).blocked()).singleElement()
                .extracting(b -> b.reason()).asString().contains("sanlock.service masked on n2");
    }

    @Test
    void aNodeNameTooLongForSanlock_isBlocked() {
        String name = "n".repeat(49);
        assertThat(SanlockNodeSetup.plan(name, config(DOWN, List.of(), fresh())).blocked()).singleElement()
                .extracting(b -> b.reason()).asString().contains("at most 48 characters");
    }

    @Test
    void guardCheck_flagsNoWatchdogForeignNameAndUnitsNotEnabled() {
        var spec = GuardPlannerTest.sanlockTwoNodes();
        LockSetup s = new LockSetup(true, Map.of("wdmd", "enabled", "sanlock", "enabled", "lvmlockd", "enabled",
                "lvmlocks", "disabled"), "x.n2", false, List.of(), List.of(), null, null);
        var o = GuardPlannerTest.withConfig(Fx.node("n2").build(), config(UP, List.of(), s));
        assertThat(GuardCheck.problems(spec, o)).containsExactly(
                "sanlock runs without the watchdog: a node that loses its storage is not fenced",
                "sanlock runs as x.n2, not n2: after a restart its host id comes back only once the old lease expired",
                "lvmlocks.service not enabled: the lock daemons or lockspaces do not come back at boot");
        var ok = GuardPlannerTest.withConfig(Fx.node("n2").build(), config(UP, List.of(), converged("n2")));
        assertThat(GuardCheck.problems(spec, ok)).isEmpty();
    }

    @Test
    void inTheWholePlan_freshNodesAreSetUpBeforeAnythingTouchesTheVg() {
        // both nodes fresh: lvmlocal.conf without the settings, daemons down, units disabled
        NodeLvmConfig fresh = new NodeLvmConfig(null, null, false, 0, Fx.DEBIAN_LVMLOCAL, DOWN, List.of(), fresh());
        var plan = Planner.plan(GuardPlannerTest.sanlockTwoNodes(), Fx.fleet(
                GuardPlannerTest.withConfig(Fx.node("n1").build(), fresh),
                GuardPlannerTest.withConfig(Fx.node("n2").build(), fresh)),
                PlanOptions.DEFAULT);
        assertThat(plan.blocked()).isEmpty();
        List<String> steps = plan.steps().stream().map(s -> s.node() + " " + names(List.of(s)).get(0)).toList();
        assertThat(steps.subList(0, 8)).containsExactly(
                "n1 LvmConfigWrite /etc/lvm/lvmlocal.conf", "n1 LvmConfigWrite " + LockSetup.SANLOCK_DROP_IN,
                "n1 LvmConfigWrite " + LockSetup.WATCHDOG_MODULES, "n1 LockDaemonsStart keep",
                "n2 LvmConfigWrite /etc/lvm/lvmlocal.conf", "n2 LvmConfigWrite " + LockSetup.SANLOCK_DROP_IN,
                "n2 LvmConfigWrite " + LockSetup.WATCHDOG_MODULES, "n2 LockDaemonsStart keep");
        assertThat(plan.steps().subList(8, plan.steps().size())).allMatch(s -> !(s instanceof LvmConfigWrite)
                && !(s instanceof LockDaemonsStart));
    }

    @Test
    void aLockspaceStillStarting_getsLockStart_whichWaitsForIt() {
        LockSetup starting = new LockSetup(true, ENABLED, "n2", true, List.of(LockSetup.SOFTDOG_IDENTITY),
                List.of("vg0"), SanlockNodeSetup.sanlockDropIn("n2"), SanlockNodeSetup.WATCHDOG_MODULES_TEXT);
        NodeLvmConfig n1Config = new NodeLvmConfig(null, null, true, 1, "local {\n\thost_id = 1\n}\n", UP,
                List.of("vg0"), converged("n1"));
        var plan = Planner.plan(GuardPlannerTest.sanlockTwoNodes(), Fx.fleet(
                GuardPlannerTest.withConfig(Fx.node("n1").withVg().lv("lv01", Fx.G, true, false, "lvmops_owner_n1")
                        .build(), n1Config),
                GuardPlannerTest.withConfig(Fx.node("n2").withVg().lv("lv01", Fx.G, false, false, "lvmops_owner_n1")
                        .build(), config(UP, List.of(), starting))), PlanOptions.DEFAULT);
        assertThat(plan.steps()).singleElement().isInstanceOfSatisfying(LockStart.class,
                l -> assertThat(l.node()).isEqualTo("n2"));
        assertThat(plan.steps().get(0).reason()).contains("already in progress: this waits for it");
    }

    /** The lab's spec: node1, node2, test_block_a, vg0 guard: sanlock, lv01 (64M) owned by node1. */
    static Spec labSpec() {
        return new Spec(List.of(NodeSpec.of("node1", "127.0.0.1"), NodeSpec.of("node2", "127.0.0.1")),
                List.of(new DeviceSpec("test_block_a", "/dev/mapper/test_block_a",
                        new IscsiSpec("10.0.2.2", 3300, "iqn.2016-11.com.test:block-a", 1))),
                List.of(new VolumeGroupSpec("vg0", List.of("test_block_a"), null, Guard.SANLOCK, null)),
                List.of(new LogicalVolumeSpec("lv01", "vg0", Size.parse("64M"), "node1", null, LvState.PRESENT)));
    }

    @Test
    void realCaptures_debianNode_writesTheFilesAndRestartsSanlock() {
        NodeObservation debian = SanlockLabCaptures.observation("node2", "sanlock-debian-node2");
        GuardPlanner.Result r = GuardPlanner.plan(labSpec(), List.of(debian));
        assertThat(names(r.steps())).containsExactly("LvmConfigWrite /etc/lvm/lvmlocal.conf",
                "LvmConfigWrite " + LockSetup.SANLOCK_DROP_IN, "LvmConfigWrite " + LockSetup.WATCHDOG_MODULES,
                "LockDaemonsStart restart");
        assertThat(((LvmConfigWrite) r.steps().get(0)).content()).contains("host_id = 2");
        assertThat(r.steps().get(3).reason()).contains("runs as 9ba73350-0846-40c1-ac8e-809e4ddeb3ba.node2");
    }

    @Test
    void realCaptures_setUpNodes_nothingToDo_rebootedNodeStillJoining_onlyItsLockStart() {
        NodeObservation node1 = SanlockLabCaptures.observation("node1", "sanlock-node1");
        var converged = Planner.plan(labSpec(), Fx.fleet(node1, SanlockLabCaptures.observation("node2",
                "sanlock-node2")), PlanOptions.DEFAULT);
        assertThat(converged.blocked()).isEmpty();
        assertThat(converged.steps()).isEmpty();
        assertThat(converged.drift()).isEmpty();
        var rebooted = Planner.plan(labSpec(), Fx.fleet(node1, SanlockLabCaptures.observation("node2",
                "sanlock-rebooted-node2")), PlanOptions.DEFAULT);
        assertThat(rebooted.steps()).singleElement().isInstanceOfSatisfying(LockStart.class,
                l -> assertThat(l.node() + " " + l.vg()).isEqualTo("node2 vg0"));
    }

    @Test
    void aSavedPlanReplaysTheSetupStepsExactly() {
        SanlockNodeSetup.Result r = SanlockNodeSetup.plan("n2", config(UP, List.of(), new LockSetup(true, ENABLED,
                "x.n2", false, List.of(), List.of(), null, null)));
        var plan = new io.lvmops.plan.Plan(io.lvmops.plan.Plan.FORMAT_VERSION, null, "f", r.steps(), r.drift(),
                r.blocked());
        var read = io.lvmops.plan.render.PlanJson.read(io.lvmops.plan.render.PlanJson.write(plan));
        assertThat(read).isEqualTo(plan);
        assertThat(read.steps().get(read.steps().size() - 1).argv()).endsWith("n2", "restart");
    }

    @Test
    void specWithoutSanlock_plansNoDaemons() {
        var spec = GuardPlannerTest.spec(Guard.NONE, Guard.NONE);
        assertThat(GuardPlanner.plan(spec, List.of(GuardPlannerTest.node("n2", GuardPlannerTest.LVM,
                config(DOWN, List.of(), fresh())))).steps()).isEmpty();
    }
}
