package io.lvmops.apply;

import io.lvmops.model.NodeSpec;
import io.lvmops.model.Spec;
import io.lvmops.observe.NodeObservation;
import io.lvmops.observe.NodeObserver;
import io.lvmops.observe.ObservedLv;
import io.lvmops.plan.Plan;
import io.lvmops.plan.step.Step;
import io.lvmops.plan.step.VerifyInactive;
import io.lvmops.transport.Command;
import io.lvmops.transport.CommandResult;
import io.lvmops.transport.Transport;
import io.lvmops.transport.TransportException;
import io.lvmops.transport.TransportFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs exactly a plan's steps, in order, one at a time, and stops at the first one that fails. Because the planner
 * puts every deactivation and its verification before the activation that depends on it, stopping leaves the safe
 * state: nothing is ever activated after a deactivation that failed or could not be verified.
 *
 * <p>Transports are opened lazily, one per node, kept for the whole apply and closed at the end. A node's steps
 * run through its pipelined view (one shell for all of them over SSH); re-observations use the transport itself.
 */
public final class ApplyEngine {
    private final Spec spec;
    private final TransportFactory transports;
    private final NodeObserver observer;
    private final ApplyListener listener;

    public ApplyEngine(Spec spec, TransportFactory transports, NodeObserver observer, ApplyListener listener) {
        this.spec = spec;
        this.transports = transports;
        this.observer = observer;
        this.listener = listener == null ? ApplyListener.SILENT : listener;
    }

    public ApplyResult apply(Plan plan) {
        Map<String, Transport> open = new LinkedHashMap<>();
        // Each node's steps share one shell (Transport.pipelined), ended before the node's transport is closed.
        Map<String, Transport> stepShells = new LinkedHashMap<>();
        List<StepOutcome> done = new ArrayList<>();
        List<Step> steps = plan.steps();
        try {
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                listener.started(i, steps.size(), step);
                long start = System.nanoTime();
                StepFailure failure = run(i, step, open, stepShells);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                if (failure != null) {
                    listener.failed(failure, took);
                    return new ApplyResult(done, failure, steps.size());
                }
                done.add(new StepOutcome(i, step, took));
                listener.succeeded(i, steps.size(), step, took);
            }
            return new ApplyResult(done, null, steps.size());
        } finally {
            stepShells.values().forEach(Transport::close);
            open.values().forEach(Transport::close);
        }
    }

    private StepFailure run(int index, Step step, Map<String, Transport> open, Map<String, Transport> stepShells) {
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
        try {
            CommandResult result = stepShells.computeIfAbsent(node.name(), n -> open.get(n).pipelined())
                    .run(Command.of(step.argv()).withStdin(step.stdin())
                    .withTimeout(step.timeout()));
            if (step.succeeded(result)) {
                return null;
            }
            return new StepFailure(index, step, step.commandLine(), result.exitCode(), result.stderr(),
                    "the command failed");
        } catch (TransportException e) {
            return new StepFailure(index, step, step.commandLine(), null, "", "lost " + node.name() + ": "
                    + e.getMessage() + "; its state is unknown");
        }
    }

    private StepFailure verifyInactive(int index, VerifyInactive verify, NodeSpec node, Transport transport) {
        NodeObservation seen = observer.observe(spec, node, transport);
        String lv = verify.vg() + "/" + verify.lv();
        if (!seen.reachable()) {
            return new StepFailure(index, verify, verify.commandLine(), null, "", "could not re-observe "
                    + node.name() + " (" + seen.error() + "), so " + lv + " is not known to be inactive there");
        }
        boolean stillActive = seen.lvs().stream()
                .anyMatch(l -> l.vg().equals(verify.vg()) && l.name().equals(verify.lv()) && (l.active() || l.open()))
                // device-mapper is the ground truth: a mapping left behind is still an active LV
                || seen.dmDevices().stream().anyMatch(d -> d.name().equals(ObservedLv.dmName(verify.vg(), verify.lv())));
        if (stillActive) {
            return new StepFailure(index, verify, verify.commandLine(), null, "", lv + " is still active on "
                    + node.name() + " after its deactivation");
        }
        return null;
    }
}
