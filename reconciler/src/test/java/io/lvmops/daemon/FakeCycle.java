package io.lvmops.daemon;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** A scripted cycle: each call takes the next scripted result (or throws it); records whether it was told to correct. */
final class FakeCycle implements ReconcileCycle {
    private final Deque<Object> drift = new ArrayDeque<>();
    private final Deque<Object> sync = new ArrayDeque<>();
    final BlockingQueue<String> calls = new LinkedBlockingQueue<>();

    FakeCycle drift(Object resultOrException) {
        drift.add(resultOrException);
        return this;
    }

    FakeCycle sync(Object resultOrException) {
        sync.add(resultOrException);
        return this;
    }

    @Override
    public synchronized CycleResult driftCheck(boolean correct) throws Exception {
        calls.add("drift correct=" + correct);
        return next(drift);
    }

    @Override
    public synchronized CycleResult sync(boolean correct) throws Exception {
        calls.add("sync correct=" + correct);
        return next(sync);
    }

    private static CycleResult next(Deque<Object> script) throws Exception {
        Object o = script.size() > 1 ? script.poll() : script.peek();
        if (o instanceof Exception e) {
            throw e;
        }
        return o == null ? CycleResult.nothing("r1") : (CycleResult) o;
    }

    static CycleResult doubleActive(String lv, String owner, String other) {
        return new CycleResult("r1", false,
                List.of(new CycleResult.Finding(lv, other, "active on a node that is not its owner " + owner)),
                List.of(), 1, 0, null, false,
                List.of(new CycleResult.Placement(lv, owner, List.of(owner, other))), List.of(lv));
    }

    static CycleResult clean(String lv, String owner) {
        return new CycleResult("r1", false, List.of(), List.of(), 0, 0, null, false,
                List.of(new CycleResult.Placement(lv, owner, List.of(owner))), List.of());
    }

    static CycleResult corrected(String lv, String owner) {
        return new CycleResult("r1", false, List.of(new CycleResult.Finding(lv, "node2", "active on a non-owner")),
                List.of(), 2, 2, null, true, List.of(new CycleResult.Placement(lv, owner, List.of(owner, "node2"))),
                List.of(lv));
    }

    static CycleResult applyFailed() {
        return new CycleResult("r2", true, List.of(), List.of(), 3, 1, "lvchange -an vg0/lv01 on node2: exit 5",
                false, List.of(), List.of());
    }
}
