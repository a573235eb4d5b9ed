package io.lvmops.observe;

import io.lvmops.transport.CommandResult;

import java.time.Duration;
import java.util.List;

/**
 * The whole observe.sh outputs captured on the lab's guard: sanlock nodes (src/test/resources/observe/lab/sanlock-*,
 * each with its .cmd), interpreted as lvmops does, for tests outside this package.
 */
public final class SanlockLabCaptures {
    static final ObserveScript SCRIPT = new ObserveScript("0123abcd", List.of("/dev/mapper/test_block_a",
            "/dev/vg0/lv01"));

    private SanlockLabCaptures() {
    }

    /** @param name the capture without its suffix, e.g. {@code sanlock-node2} */
    public static NodeObservation observation(String node, String name) {
        return LvmNodeObserver.interpret(node, SCRIPT, new CommandResult(0, Fixtures.text("lab/" + name
                + "-observe.txt"), "", Duration.ZERO));
    }
}
