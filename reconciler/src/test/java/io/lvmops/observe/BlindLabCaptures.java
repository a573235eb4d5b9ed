package io.lvmops.observe;

import io.lvmops.transport.CommandResult;

import java.time.Duration;
import java.util.List;

/**
 * Real observations of the lab captured around node1's LVM going blind (lab/blind*-observe.txt, see their .cmd):
 * {@code blind0} examples/two-nodes applied, vg0/lv01 mounted on node1; {@code blind1} node1's lvm.conf got a
 * global_filter rejecting every device: its LVM lists nothing (exit 0) while device-mapper still maps vg0-lv01 and
 * it stays mounted.
 */
public final class BlindLabCaptures {
    static final ObserveScript SCRIPT = new ObserveScript("fixture",
            List.of("/dev/mapper/test_block_a", "/dev/vg0/lv01"),
            List.of(new ObserveScript.FilesystemProbe("ext4", "/dev/vg0/lv01")));

    private BlindLabCaptures() {
    }

    public static NodeObservation node(String state, String node) {
        return LvmNodeObserver.interpret(node, SCRIPT, new CommandResult(0,
                Fixtures.text("lab/" + state + "-" + node + "-observe.txt"), "", Duration.ZERO));
    }

    public static FleetObservation fleet(String state) {
        return FleetObservation.of(java.time.Instant.parse("2026-12-07T16:50:00Z"),
                List.of(node(state, "node1"), node(state, "node2")));
    }
}
