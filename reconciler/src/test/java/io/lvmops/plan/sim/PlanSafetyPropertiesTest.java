package io.lvmops.plan.sim;

import io.lvmops.plan.Blocked;
import io.lvmops.plan.Plan;
import io.lvmops.plan.Planner;
import io.lvmops.plan.StepGraph;
import io.lvmops.plan.step.Step;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.LongRange;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Random;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random specs × random observed states: every plan, simulated step by step on the executable fleet model, keeps
 * invariants 1–4 after every step (SimFleet throws InvariantViolation otherwise), and re-planning after the
 * simulated apply converges to "no changes" (within one apply more per device or LV whose content nobody could see at plan time: its
 * check or mount may fail once, as it would for real) with nothing blocked that was not blocked before. Converged
 * also means every filesystem its owner mounts fills its LV, including after an apply that stopped between lvextend
 * and the grow (Scenario generates those: smaller filesystems, owners' tables not refreshed).
 */
class PlanSafetyPropertiesTest {

    @Property(tries = 500)
    void plansKeepInvariantsAndConverge(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long seed) {
        SimFleet sim = Scenario.generate(seed);
        Plan first = Planner.plan(sim.spec, sim.observe(), sim.options);
        // Blocked afterwards may only be what was blocked before, or an LV whose content nobody could see before it
        // was activated (it may turn out to carry another filesystem, which lvmops never formats).
        Set<String> blockedBefore = subjects(first.blocked());
        allowUnknown(sim, first, blockedBefore);
        allowBlindnessToVgsNotCreatedYet(sim, blockedBefore);
        allowLvsOfVgsHeldAsUnknown(sim, first, blockedBefore);
        allowMismatchesSeenOnlyAfterALogin(sim, blockedBefore);
        Plan plan = first;
        int heldLogins = (int) first.blocked().stream().filter(b -> b.reason().startsWith("not logged in yet"))
                .map(Blocked::subject).distinct().count();
        int round = 0;
        boolean failedOnce = false;
        // A lock node that drops mid-apply: the apply stops before its next step (at a random point of the first
        // apply), and the next plan starts from what it left.
        Random drops = new Random(seed ^ 0x10CDL);
        boolean lockNodeDrops = drops.nextInt(100) < 20;
        String dropped = "no";
        while (!plan.steps().isEmpty()) {
            round++;
            // Each refusal (a device or an LV whose content nobody could see turned out not to be what was hoped)
            // costs one more apply; there is at most one per device and LV.
            // A login held back because it could autoactivate what nobody has seen yet waits for another node's
            // login to show the device: one more apply per such device (seed 83749).
            int maxRounds = 1 + sim.spec.devices().size() + sim.spec.logicalVolumes().size() + (lockNodeDrops ? 1 : 0)
                    + heldLogins;
            assertThat(round).as("converges within %d applies, seed %d; plan:%n%s", maxRounds, seed, plan.steps())
                    .isLessThanOrEqualTo(maxRounds);
            sim.startPlan();
            // The apply runs steps as soon as the step graph allows: any order consistent with it may happen.
            List<Step> order = anyOrderTheApplyMayRun(plan, new Random(seed + round));
            if (lockNodeDrops && round == 1) {
                int cut = drops.nextInt(order.size());
                dropped = cut == 0 ? "before the first step" : "after " + cut + " of " + order.size() + " steps";
                order = order.subList(0, cut);
            }
            for (Step step : order) {
                try {
                    sim.apply(step);
                } catch (SimFleet.StepFailed e) {
                    failedOnce = true;
                    break;
                } catch (SimFleet.InvariantViolation e) {
                    throw new AssertionError("seed " + seed + ": invariant broken at " + step + ": " + e.getMessage()
                            + "\nplan: " + plan.steps(), e);
                }
            }
            plan = Planner.plan(sim.spec, sim.observe(), sim.options);
            allowUnknown(sim, plan, blockedBefore);
        }
        filesystemsFillTheirLvs(sim, plan, seed);
        if (!failedOnce && dropped.equals("no")) {
            // After a refusal the fleet is in a state the first plan did not foresee (e.g. an LV created but not yet
            // moved, now held back by an unreachable node): only convergence is required then.
            assertThat(subjects(plan.blocked())).as("seed %d: new blocked items", seed).isSubsetOf(blockedBefore);
        }
        Statistics.label("outcome").collect(first.steps().isEmpty() ? "nothing to do" : failedOnce ? "converged after a refusal"
                : "converged in " + round);
        Statistics.label("unfinished grow").collect(first.steps().stream().anyMatch(s -> s.reason()
                .contains("an earlier apply stopped after lvextend")) ? "finished by the first plan" : "none");
        Statistics.label("lock node drops").collect(dropped.equals("no") ? "no" : "cut the first apply");
        for (String kind : List.of("LVM blind to a VG", "dmsetup fails", "foreign owner tag",
                "mismatched device identity")) {
            Statistics.label(kind).collect(sim.faults.getOrDefault(kind, "no"));
        }
        Statistics.label("blocked").collect(first.blocked().isEmpty() ? "none" : first.hasCritical() ? "critical" : "some");
    }

    /**
     * Seeds that once broke the invariants or convergence, kept as regressions: a device an unreachable node reaches
     * as another disk (3400, 42923, 7200530959148), a node logging in during the apply that creates the VG when no
     * node had seen the device (2394533), a device first seen in the apply that writes it under another name (54367,
     * 183), one disk under two spec names (137194), a login held back until another node has seen the device
     * (83749: three applies to converge), an lvcreate in a VG whose spec lists a second device, not a PV yet, that
     * one node reaches as another disk (15479: the lvcreate writes only the VG's PVs), a login to a device that a node
     * whose LVM is blind to its VG lists as an orphan PV while device-mapper there maps the VG's LV (121624: the login
     * would autoactivate it on the other node).
     */
    @net.jqwik.api.Example
    void seedsThatOnceBrokeIt() {
        for (long seed : new long[] {121624, 15479, 83749, 3400, 42923, 7200530959148L, 2394533, 54367, 183, 137194}) {
            plansKeepInvariantsAndConverge(seed);
        }
    }

    /** A random order among those the apply engine's step graph allows (a random topological order). */
    static List<Step> anyOrderTheApplyMayRun(Plan plan, Random random) {
        StepGraph graph = StepGraph.of(plan.steps());
        int n = graph.size();
        int[] waiting = new int[n];
        List<List<Integer>> next = new ArrayList<>();
        List<Integer> ready = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            next.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            BitSet p = graph.predecessors(i);
            waiting[i] = p.cardinality();
            for (int q = p.nextSetBit(0); q >= 0; q = p.nextSetBit(q + 1)) {
                next.get(q).add(i);
            }
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        List<Step> order = new ArrayList<>(n);
        while (!ready.isEmpty()) {
            int i = ready.remove(random.nextInt(ready.size()));
            order.add(graph.step(i));
            for (int s : next.get(i)) {
                if (--waiting[s] == 0) {
                    ready.add(s);
                }
            }
        }
        return order;
    }

    /**
     * Converged means every filesystem its owner mounts fills its LV up to the tail its tools leave off, mapped at the
     * LV's size: also after an apply that stopped between lvextend and the grow (the scenario's shrunken
     * filesystems and stale tables), and without a grow planned forever. An LV still blocked (a rogue mount) is
     * left alone by design.
     */
    private static void filesystemsFillTheirLvs(SimFleet sim, Plan converged, long seed) {
        Set<String> blocked = subjects(converged.blocked());
        sim.spec.logicalVolumes().stream().filter(l -> l.present() && l.filesystem() != null
                && !blocked.contains(l.fullName())).forEach(l -> {
            SimFleet.Node owner = sim.nodes.get(l.owner());
            String key = SimFleet.key(l.vg(), l.name());
            SimFleet.Lv lv = sim.lv(l.vg(), l.name());
            if (lv == null || !owner.reachable || !key.equals(owner.mounts.get(l.filesystem().mountPoint()))
                    || !l.filesystem().type().specName().equals(lv.content)) {
                return;
            }
            assertThat(owner.table.get(key)).as("seed %d: %s mapped on its owner at the LV's size", seed, key)
                    .isEqualTo(lv.size);
            assertThat(lv.size - lv.fsSize).as("seed %d: %s's filesystem (%d) fills its LV (%d)", seed, key, lv.fsSize,
                    lv.size).isLessThanOrEqualTo(SimFleet.tail(lv.content));
        });
    }

    private static void allowUnknown(SimFleet sim, Plan plan, Set<String> allowed) {
        plan.drift().stream().filter(d -> d.message().startsWith("content unknown")).forEach(d -> {
            allowed.add(d.subject());
            if (d.subject().startsWith("device ")) {
                String device = d.subject().substring("device ".length());
                sim.spec.volumeGroups().stream().filter(v -> v.devices().contains(device)).forEach(v -> {
                    allowed.add("vg " + v.name());
                    sim.spec.logicalVolumesOf(v.name()).forEach(l -> allowed.add(l.fullName()));
                });
            }
        });
    }

    /**
     * A node blind to a VG that does not exist yet shows it only once the VG is created (its probe then finds
     * LVM2_member, its LVM no VG): from then on the VG's LVs are unknown there, which blocks them, as it should.
     */
    private static void allowBlindnessToVgsNotCreatedYet(SimFleet sim, Set<String> allowed) {
        sim.nodes.values().forEach(n -> n.lvmBlind.stream().filter(vg -> !sim.vgs.containsKey(vg)).forEach(vg -> {
            allowed.add("vg " + vg);
            sim.spec.logicalVolumesOf(vg).forEach(l -> allowed.add(l.fullName()));
        }));
    }

    /**
     * A VG blocked from the first plan because its LVs are unknown on some node holds all its LVs: which of them the
     * later plans name one by one depends on which node turned out to be the metadata node after the logins.
     */
    private static void allowLvsOfVgsHeldAsUnknown(SimFleet sim, Plan first, Set<String> allowed) {
        first.blocked().stream().filter(b -> b.subject().startsWith("vg ") && b.reason().contains("LVs are unknown on"))
                .forEach(b -> sim.spec.logicalVolumesOf(b.subject().substring(3)).forEach(l -> allowed.add(l.fullName())));
    }

    /**
     * A node that reaches another LUN under a spec path shows it only once the nodes that will compare with it have
     * logged in: the device, its VG and the VG's LVs may then be blocked by a later plan than the first.
     */
    private static void allowMismatchesSeenOnlyAfterALogin(SimFleet sim, Set<String> allowed) {
        if (!sim.faults.containsKey("mismatched device identity")) {
            return;
        }
        sim.spec.devices().forEach(d -> allowed.add("device " + d.name()));
        sim.spec.volumeGroups().forEach(vg -> {
            allowed.add("vg " + vg.name());
            sim.spec.logicalVolumesOf(vg.name()).forEach(l -> allowed.add(l.fullName()));
        });
    }

    private static Set<String> subjects(List<Blocked> blocked) {
        return blocked.stream().map(Blocked::subject).collect(Collectors.toCollection(HashSet::new));
    }
}
