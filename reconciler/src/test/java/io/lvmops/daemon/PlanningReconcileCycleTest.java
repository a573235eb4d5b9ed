package io.lvmops.daemon;

import io.lvmops.apply.lock.VgLocks;
import io.lvmops.model.NodeSpec;
import io.lvmops.observe.NodeObservation;
import io.lvmops.plan.Fx;
import io.lvmops.transport.Command;
import io.lvmops.transport.CommandResult;
import io.lvmops.transport.Transport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.lvmops.plan.Fx.G;
import static io.lvmops.plan.Fx.node;
import static org.assertj.core.api.Assertions.assertThat;

/** The real cycle (planner + apply engine) on scripted nodes: n1 owns vg0/lv01, n2 activated it behind our back. */
class PlanningReconcileCycleTest {
    private final Map<String, NodeObservation> nodes = new ConcurrentHashMap<>(Map.of(
            "n1", node("n1").withVg().lv("lv01", G, true, true, "lvmops_owner_n1").mounted("lv01", "/mnt/t_lv01")
                    .build(),
            "n2", node("n2").withVg().lv("lv01", G, true, false, "lvmops_owner_n1").build()));
    private final List<String> ran = new ArrayList<>();
    private int fetches;

    private PlanningReconcileCycle cycle(String... revisions) {
        SpecSource source = () -> new SpecSource.Revision(revisions[Math.min(fetches++, revisions.length - 1)],
                Fx.twoNodes());
        return new PlanningReconcileCycle(source, this::transport, (spec, node, t) -> nodes.get(node.name()), 2,
                VgLocks.NONE);
    }

    private Transport transport(NodeSpec node) {
        return new Transport() {
            @Override
            public String node() {
                return node.name();
            }

            @Override
            public CommandResult run(Command command) {
                String line = node.name() + ": " + String.join(" ", command.argv());
                synchronized (ran) {
                    ran.add(line);
                }
                if (node.name().equals("n2") && line.contains("lvchange") && line.contains("-an")) {
                    nodes.put("n2", Fx.node("n2").withVg().lv("lv01", G, false, false, "lvmops_owner_n1").build());
                }
                return new CommandResult(0, "", "", null);
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void reportOnlyObservesAndPlans() throws Exception {
        CycleResult r = cycle("r1").driftCheck(false);
        assertThat(r.doubleActive()).containsExactly("vg0/lv01");
        assertThat(r.drift()).isNotEmpty();
        assertThat(r.stepsPlanned()).isPositive();
        assertThat(r.stepsApplied()).isZero();
        assertThat(r.applied()).isFalse();
        assertThat(ran).isEmpty();
        assertThat(r.placement()).containsExactly(new CycleResult.Placement("vg0/lv01", "n1", List.of("n1", "n2")));
    }

    @Test
    void correctDeactivatesTheRogueNodeWithTheApplyEngine() throws Exception {
        CycleResult r = cycle("r1").driftCheck(true);
        assertThat(r.applyFailure()).isNull();
        assertThat(r.stepsApplied()).isEqualTo(r.stepsPlanned()).isPositive();
        assertThat(r.applied()).isTrue();
        assertThat(ran).anyMatch(l -> l.startsWith("n2: lvm lvchange") && l.contains("-an"));
        assertThat(ran).noneMatch(l -> l.startsWith("n1:") && l.contains("-an"));
        CycleResult again = cycle("r1").driftCheck(true);
        assertThat(again.drift()).isEmpty();
        assertThat(again.doubleActive()).isEmpty();
        assertThat(again.stepsPlanned()).isZero();
    }

    @Test
    void aPlanMadeBeforeTheLockIsRemadeFromWhatTheNodesShowUnderIt() throws Exception {
        // While this daemon waited for the VG lock, another apply deactivated lv01 on n2 already.
        VgLocks.Taker someoneWasFirst = (spec, connections) -> {
            nodes.put("n2", Fx.node("n2").withVg().lv("lv01", G, false, false, "lvmops_owner_n1").build());
            return VgLocks.Held.of(() -> { });
        };
        PlanningReconcileCycle cycle = new PlanningReconcileCycle(() -> new SpecSource.Revision("r1", Fx.twoNodes()),
                this::transport, (spec, node, t) -> nodes.get(node.name()), 2, someoneWasFirst);

        CycleResult r = cycle.driftCheck(true);

        assertThat(r.stepsPlanned()).as("planned before the lock").isPositive();
        assertThat(ran).as("nothing left to do under the lock").isEmpty();
        assertThat(r.applyFailure()).isNull();
    }

    @Test
    void aStopRequestStopsTheApplyBeforeItsNextStep() throws Exception {
        PlanningReconcileCycle cycle = cycle("r1");
        cycle.requestStop();
        CycleResult r = cycle.driftCheck(true);
        assertThat(ran).isEmpty();
        assertThat(r.applyFailure()).as(r.toString()).startsWith("stopped between two steps (the daemon is shutting down), after 0 of");
        assertThat(r.applied()).isFalse();
    }

    @Test
    void aLostVgLockStopsTheApplyBeforeItsNextStep() throws Exception {
        // the lock lives as long as its SSH channel: once that channel is gone, no further step may run
        java.util.concurrent.atomic.AtomicBoolean channelOpen = new java.util.concurrent.atomic.AtomicBoolean(true);
        VgLocks.Taker losing = (spec, connections) -> new VgLocks.Held() {
            @Override
            public String lost() {
                return channelOpen.get() ? null : "the lock of vg0 was lost (its channel ended)";
            }

            @Override
            public void close() {
            }
        };
        PlanningReconcileCycle cycle = new PlanningReconcileCycle(() -> new SpecSource.Revision("r1", Fx.twoNodes()),
                node -> {
                    Transport t = transport(node);
                    return new Transport() {
                        @Override
                        public String node() {
                            return t.node();
                        }

                        @Override
                        public CommandResult run(Command command) throws io.lvmops.transport.TransportException {
                            CommandResult r = t.run(command);
                            channelOpen.set(false); // the connection drops right after the first step
                            return r;
                        }

                        @Override
                        public void close() {
                        }
                    };
                }, (spec, node, t) -> nodes.get(node.name()), 2, losing);

        CycleResult r = cycle.driftCheck(true);

        assertThat(ran).hasSize(1);
        assertThat(r.applyFailure()).isEqualTo("stopped between two steps (the lock of vg0 was lost (its channel "
                + "ended)), after 1 of " + r.stepsPlanned());
        assertThat(r.applied()).isFalse();
    }

    @Test
    void syncAppliesANewRevisionOnceAndSkipsAnUnchangedOne() throws Exception {
        PlanningReconcileCycle cycle = cycle("main@sha1:aaa", "main@sha1:aaa", "main@sha1:bbb");
        CycleResult first = cycle.sync(true);
        assertThat(first.newRevision()).isTrue();
        assertThat(first.applied()).isTrue();
        assertThat(first.revision()).isEqualTo("main@sha1:aaa");
        int commands = ran.size();
        CycleResult same = cycle.sync(true);
        assertThat(same.newRevision()).isFalse();
        assertThat(same.placement()).isEmpty(); // not even observed
        assertThat(ran).hasSize(commands);
        CycleResult next = cycle.sync(true);
        assertThat(next.newRevision()).isTrue();
        assertThat(next.revision()).isEqualTo("main@sha1:bbb");
        assertThat(next.stepsPlanned()).isZero();
        assertThat(next.applied()).isTrue();
    }
}
