package io.lvmops.plan;

import io.lvmops.plan.step.Step;
import io.lvmops.plan.step.StepScope;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Which steps of a plan must have finished before each step may start: the plan's order, relaxed only where two
 * steps provably cannot see each other. Like Terraform's graph walk, the apply runs every step whose predecessors
 * are done, so steps on different nodes overlap (node2's iSCSI login while node1 runs pvcreate and mkfs).
 *
 * <p>Step j waits for an earlier step i when:
 * <ul>
 * <li>they run on the same node (a node's steps keep the plan's order), or</li>
 * <li>either is {@link StepScope#CLUSTER} (activation, deactivation and its verification, refresh, lease and
 * lockspace steps run alone: the safety invariants are about them), or</li>
 * <li>i is {@link StepScope#METADATA}: whatever the plan put after a metadata change may depend on it (two
 * metadata changes never overlap, and a login placed after "autoactivation off" must not run before it).</li>
 * </ul>
 * A {@link StepScope#NODE} step followed by a metadata change on another node does not hold it back: nothing a node
 * does to itself (iSCSI records, a login, a probe, its own configuration) is read by another node's lvm command.
 * Any order the graph allows is an order the plan could have been written in; the planner's property test runs
 * random such orders on the fleet model.
 */
public final class StepGraph {
    private final List<Step> steps;
    private final List<BitSet> predecessors;

    private StepGraph(List<Step> steps, List<BitSet> predecessors) {
        this.steps = steps;
        this.predecessors = predecessors;
    }

    public static StepGraph of(List<Step> steps) {
        List<Step> all = List.copyOf(steps);
        List<StepScope> scopes = all.stream().map(StepScope::of).toList();
        List<BitSet> preds = new ArrayList<>(all.size());
        // The last step per node and the last CLUSTER/METADATA step suffice: waiting is transitive.
        int lastBarrier = -1;
        int lastMetadata = -1;
        java.util.Map<String, Integer> lastOnNode = new java.util.HashMap<>();
        java.util.List<Integer> sinceBarrier = new ArrayList<>();
        for (int j = 0; j < all.size(); j++) {
            Step step = all.get(j);
            StepScope scope = scopes.get(j);
            BitSet p = new BitSet();
            if (scope == StepScope.CLUSTER) {
                // everything since the last barrier (and, through it, everything before)
                if (lastBarrier >= 0) {
                    p.set(lastBarrier);
                }
                sinceBarrier.forEach(p::set);
            } else {
                if (lastBarrier >= 0) {
                    p.set(lastBarrier);
                }
                if (lastMetadata > lastBarrier) {
                    p.set(lastMetadata);
                }
                Integer same = lastOnNode.get(step.node());
                if (same != null && same > lastBarrier) {
                    p.set(same);
                }
            }
            preds.add(p);
            lastOnNode.put(step.node(), j);
            if (scope == StepScope.CLUSTER) {
                lastBarrier = j;
                sinceBarrier.clear();
            } else {
                sinceBarrier.add(j);
                if (scope == StepScope.METADATA) {
                    lastMetadata = j;
                }
            }
        }
        return new StepGraph(all, preds);
    }

    public int size() {
        return steps.size();
    }

    public Step step(int index) {
        return steps.get(index);
    }

    /** The steps that must have finished before step {@code index} starts (direct ones; the rest follows). */
    public BitSet predecessors(int index) {
        return (BitSet) predecessors.get(index).clone();
    }

    /** Whether step {@code later} waits, directly or not, for step {@code earlier}. */
    public boolean waitsFor(int later, int earlier) {
        if (earlier >= later) {
            return false;
        }
        BitSet seen = new BitSet();
        java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>();
        todo.add(later);
        while (!todo.isEmpty()) {
            BitSet p = predecessors.get(todo.poll());
            for (int i = p.nextSetBit(0); i >= 0; i = p.nextSetBit(i + 1)) {
                if (i == earlier) {
                    return true;
                }
                if (i > earlier && !seen.get(i)) {
                    seen.set(i);
                    todo.add(i);
                }
            }
        }
        return false;
    }
}
