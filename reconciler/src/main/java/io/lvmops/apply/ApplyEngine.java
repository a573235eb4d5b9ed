package io.lvmops.apply;

import io.lvmops.model.NodeSpec;
import io.lvmops.model.Spec;
import io.lvmops.observe.LvIdentities;
import io.lvmops.observe.NodeObservation;
import io.lvmops.observe.NodeUsage;
import io.lvmops.observe.NodeObserver;
import io.lvmops.plan.Plan;
import io.lvmops.plan.StepGraph;
import io.lvmops.plan.step.Step;
import io.lvmops.plan.step.VerifyInactive;
import io.lvmops.plan.step.VerifySameDevice;
import io.lvmops.transport.Command;
import io.lvmops.transport.OutputLimit;
import io.lvmops.transport.CommandResult;
import io.lvmops.transport.Transport;
import io.lvmops.transport.TransportException;
import io.lvmops.transport.TransportFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs exactly a plan's steps and stops starting new ones at the first that fails. Steps run as soon as every step
 * they wait for ({@link StepGraph}) has finished: a node's own steps keep the plan's order, steps of different nodes
 * that cannot see each other overlap, and every activation, deactivation and verification runs alone. Because the
 * planner puts every deactivation and its verification before the activation that depends on it, stopping leaves
 * the safe state: nothing is ever activated after a deactivation that failed or could not be verified.
 *
 * <p>The listener is called from the thread that called {@link #apply}, never concurrently. Transports are opened
 * lazily, one per node, kept for the whole apply and closed at the end. A node's steps run through its pipelined
 * view (one shell for all of them over SSH: no channel and no wrapper process per step); re-observations use the
 * transport itself.
 */
public final class ApplyEngine {
    /** Asked before each step is started: null to go on, else why no further step may start. */
    @FunctionalInterface
    public interface StopCondition extends Supplier<String> {
        StopCondition NEVER = () -> null;
    }

    private static final int DEFAULT_PARALLELISM = 16;

    private final Spec spec;
    private final TransportFactory transports;
    private final NodeObserver observer;
    private final ApplyListener listener;
    private final int parallelism;

    public ApplyEngine(Spec spec, TransportFactory transports, NodeObserver observer, ApplyListener listener) {
        this(spec, transports, observer, listener, DEFAULT_PARALLELISM);
    }

    /** @param parallelism how many steps (on as many different nodes) may run at once; 1 runs the plan in order */
    public ApplyEngine(Spec spec, TransportFactory transports, NodeObserver observer, ApplyListener listener,
                       int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        this.spec = spec;
        this.transports = transports;
        this.observer = observer;
        this.listener = listener == null ? ApplyListener.SILENT : listener;
        this.parallelism = parallelism;
    }

    public ApplyResult apply(Plan plan) {
        return apply(plan, StopCondition.NEVER);
    }

    /**
     * Runs the plan; {@code stop} is asked before each step starts, and once it gives a reason no further step starts
     * (those already running finish) and the result says why it stopped.
     */
    public ApplyResult apply(Plan plan, StopCondition stop) {
        StepGraph graph = StepGraph.of(plan.steps());
        int total = graph.size();
        if (total == 0) {
            return new ApplyResult(List.of(), null, 0);
        }
        // a node's steps never run concurrently (they wait for each other): at most one thread per node uses these
        Map<String, Transport> open = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
        Map<String, Transport> stepShells = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, total), daemonThreads());
        ExecutorCompletionService<Finished> finished = new ExecutorCompletionService<>(pool);
        List<StepOutcome> done = new ArrayList<>();
        // Kahn's walk: a step is ready when every step it waits for has succeeded; ready steps start in plan order.
        int[] waitingFor = new int[total];
        List<List<Integer>> next = new ArrayList<>(total);
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < total; i++) {
            next.add(new ArrayList<>(2));
        }
        for (int i = 0; i < total; i++) {
            BitSet p = graph.predecessors(i);
            waitingFor[i] = p.cardinality();
            for (int q = p.nextSetBit(0); q >= 0; q = p.nextSetBit(q + 1)) {
                next.get(q).add(i);
            }
            if (waitingFor[i] == 0) {
                ready.add(i);
            }
        }
        int running = 0;
        StepFailure failure = null;
        String stopped = null;
        RuntimeException listenerError = null;
        try {
            while (true) {
                while (failure == null && stopped == null && listenerError == null && !ready.isEmpty()
                        && running < parallelism) {
                    int i = ready.peek();
                    Step step = graph.step(i);
                    stopped = stop.get();
                    if (stopped != null) {
                        break;
                    }
                    try {
                        listener.started(i, total, step);
                    } catch (RuntimeException e) {
                        // e.g. a lost VG lock: nothing more may start; rethrown once the running steps are done
                        listenerError = e;
                        break;
                    }
                    ready.poll();
                    finished.submit(() -> run(i, step, open, stepShells));
                    running++;
                }
                if (running == 0) {
                    break;
                }
                Finished f = take(finished);
                running--;
                Step step = graph.step(f.index());
                if (f.failure() == null) {
                    done.add(new StepOutcome(f.index(), step, f.took()));
                    listener.succeeded(f.index(), total, step, f.took());
                    for (int s : next.get(f.index())) {
                        if (--waitingFor[s] == 0) {
                            ready.add(s);
                        }
                    }
                } else {
                    listener.failed(f.failure(), f.took());
                    if (failure == null || f.failure().index() < failure.index()) {
                        failure = f.failure();
                    }
                }
            }
        } finally {
            pool.shutdownNow();
            // each shell ends before its node's transport closes
            List.copyOf(stepShells.values()).forEach(Transport::close);
            List.copyOf(open.values()).forEach(Transport::close);
        }
        if (listenerError != null) {
            throw listenerError;
        }
        done.sort(Comparator.comparingInt(StepOutcome::index));
        return new ApplyResult(done, failure, total, failure == null ? stopped : null);
    }

    private static Finished take(ExecutorCompletionService<Finished> finished) {
        try {
            return finished.take().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while steps were running", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a step crashed: " + e.getCause(), e.getCause());
        }
    }

    private record Finished(int index, StepFailure failure, Duration took) {
    }

    private Finished run(int index, Step step, Map<String, Transport> open, Map<String, Transport> stepShells) {
        long start = System.nanoTime();
        StepFailure failure = execute(index, step, open, stepShells);
        return new Finished(index, failure, Duration.ofNanos(System.nanoTime() - start));
    }

    private StepFailure execute(int index, Step step, Map<String, Transport> open,
                                Map<String, Transport> stepShells) {
        NodeSpec node = spec.node(step.node()).orElse(null);
        if (node == null) {
            return new StepFailure(index, step, step.commandLine(), null, "", "node " + step.node()
                    + " is not in the spec (a plan made from another spec?)");
        }
        Transport transport;
        try {
            transport = open.get(node.name());
            if (transport == null) {
                transport = transports.open(node);
                open.put(node.name(), transport);
            }
        } catch (TransportException e) {
            return new StepFailure(index, step, step.commandLine(), null, "", "cannot reach " + node.name() + ": "
                    + e.getMessage());
        }
        if (step instanceof VerifyInactive verify) {
            return verifyInactive(index, verify, node, transport);
        }
        if (step instanceof VerifySameDevice same) {
            // a CLUSTER step: it runs alone, so no other step uses the other nodes' transports meanwhile
            return verifySameDevice(index, same, open);
        }
        try {
            Transport shell = stepShells.get(node.name());
            if (shell == null) { // not under the map's lock: opening a shell is a round trip to the node
                shell = transport.pipelined();
                stepShells.put(node.name(), shell);
            }
            CommandResult result = shell
                    .run(Command.of(step.argv()).withStdin(step.stdin())
                    .withTimeout(step.timeout()).withOutputLimit(OutputLimit.STEP_BYTES));
            if (step.succeeded(result)) {
                return null;
            }
            return new StepFailure(index, step, step.commandLine(), result.exitCode(), result.stderr(),
                    "the command failed");
        } catch (TransportException e) {
            return new StepFailure(index, step, step.commandLine(), null, "", "lost " + node.name() + ": "
                    + e.getMessage() + "; its state is unknown");
        } catch (RuntimeException e) {
            return new StepFailure(index, step, step.commandLine(), null, "", "failed on " + node.name() + ": " + e);
        }
    }

    private StepFailure verifyInactive(int index, VerifyInactive verify, NodeSpec node, Transport transport) {
        NodeObservation seen = observer.observe(spec, node, transport);
        String lv = verify.vg() + "/" + verify.lv();
        if (!seen.reachable()) {
            return new StepFailure(index, verify, verify.commandLine(), null, "", "could not re-observe "
                    + node.name() + " (" + seen.error() + "), so " + lv + " is not known to be inactive there");
        }
        // the same rule as the planner's: device-mapper and mounts first, and a VG LVM cannot tell about is unknown
        NodeUsage usage = NodeUsage.of(seen, java.util.Set.of(verify.vg()),
                LvIdentities.of(spec, seen));
        NodeUsage.LvUse use = usage.lv(verify.vg(), verify.lv());
        if (use != null) {
            return new StepFailure(index, verify, verify.commandLine(), null, "", lv + " is still active on "
                    + node.name() + " after its deactivation" + (use.mapped() ? " (device-mapper still maps it)" : "")
                    + (use.mounts().isEmpty() ? "" : " (mounted at " + use.mounts().get(0).mountPoint() + ")"));
        }
        String unknown = usage.unknown(verify.vg());
        if (unknown != null) {
            return new StepFailure(index, verify, verify.commandLine(), null, "", lv + " is not known to be "
                    + "inactive on " + node.name() + ": " + unknown);
        }
        return null;
    }

    private StepFailure verifySameDevice(int index, VerifySameDevice same, Map<String, Transport> open) {
        List<NodeObservation> seen = new ArrayList<>();
        for (String name : same.nodes()) {
            NodeSpec n = spec.node(name).orElse(null);
            if (n == null) {
                return new StepFailure(index, same, same.commandLine(), null, "", "node " + name
                        + " is not in the spec (a plan made from another spec?)");
            }
            NodeObservation o;
            try {
                Transport t = open.get(name);
                if (t == null) {
                    t = transports.open(n);
                    open.put(name, t);
                }
                o = observer.observe(spec, n, t);
            } catch (TransportException e) {
                o = NodeObservation.unreachable(name, e.getMessage());
            }
            if (!o.reachable()) {
                return new StepFailure(index, same, same.commandLine(), null, "", "could not re-observe " + name
                        + " (" + o.error() + "), so what it sees at " + same.device() + " is not known");
            }
            seen.add(o);
        }
        String problem = io.lvmops.observe.SameDevice.problem(spec, same.device(), seen);
        return problem == null ? null : new StepFailure(index, same, same.commandLine(), null, "", problem);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "lvmops-apply-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
