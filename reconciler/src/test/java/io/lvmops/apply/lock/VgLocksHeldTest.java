package io.lvmops.apply.lock;

import io.lvmops.model.NodeSpec;
import io.lvmops.model.Spec;
import io.lvmops.model.VolumeGroupSpec;
import io.lvmops.transport.Command;
import io.lvmops.transport.CommandResult;
import io.lvmops.transport.CommandStarter;
import io.lvmops.transport.RunningCommand;
import io.lvmops.transport.Transport;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VgLocksHeldTest {

    /** A node whose lock program answers LOCKED and then lives as long as {@code channelOpen}. */
    static final class LockNode implements Transport, CommandStarter {
        final AtomicBoolean channelOpen = new AtomicBoolean(true);
        /** The lock program's stdout: LOCKED, then heartbeats only when a test writes them (it never does). */
        volatile java.io.PipedOutputStream beatsOut;

        @Override
        public String node() {
            return "n1";
        }

        @Override
        public CommandResult run(Command command) {
            return new CommandResult(0, "", "", null);
        }

        @Override
        public RunningCommand start(Command command) {
            java.io.PipedInputStream beats = new java.io.PipedInputStream();
            try {
                beatsOut = new java.io.PipedOutputStream(beats);
                beatsOut.write("LOCKED\n".getBytes(StandardCharsets.UTF_8));
                beatsOut.flush();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return new RunningCommand() {
                @Override
                public OutputStream stdin() {
                    return new ByteArrayOutputStream();
                }

                @Override
                public InputStream stdout() {
                    return beats;
                }

                @Override
                public InputStream stderr() {
                    return InputStream.nullInputStream();
                }

                @Override
                public boolean isAlive() {
                    return channelOpen.get();
                }

                @Override
                public void close() {
                    channelOpen.set(false);
                }
            };
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aLockWhoseChannelEndedStopsTheNextStep() throws Exception {
        LockNode node = new LockNode();
        Spec spec = new Spec(List.of(NodeSpec.of("n1", "h1")), List.of(),
                List.of(new VolumeGroupSpec("vg0", List.of("d0"), null, null, null)), List.of());
        try (VgLocks.Held held = new VgLocks(spec, n -> node, "/run/lvmops", "test").acquire(List.of("vg0"),
                Duration.ofSeconds(1))) {
            assertThat(held.lost()).isNull();

            node.channelOpen.set(false); // the connection dropped: the node released the flock

            assertThat(held.lost()).isEqualTo("the lock of VG vg0 on n1 was lost (its channel ended): stopped before "
                    + "the next step; what ran is safe, run apply again");
        }
    }

    private static Spec twoNodes(io.lvmops.model.Guard guard, String metadataNode) {
        return new Spec(List.of(NodeSpec.of("n1", "h1"), NodeSpec.of("n2", "h2")), List.of(),
                List.of(new VolumeGroupSpec("vg0", List.of("d0"), null, guard, metadataNode)), List.of());
    }

    @Test
    void theLockIsTakenOnTheLockNodeOnlyWithoutFailover() {
        java.util.List<String> opened = new java.util.ArrayList<>();
        LockNode n2 = new LockNode();
        io.lvmops.transport.TransportFactory n1Down = n -> {
            opened.add(n.name());
            if (n.name().equals("n1")) {
                throw new io.lvmops.transport.TransportException("n1", "connect timed out", null);
            }
            return n2;
        };
        assertThatThrownBy(() -> new VgLocks(twoNodes(null, null), n1Down, "/run/lvmops", "test")
                .acquire(List.of("vg0"), Duration.ofSeconds(1)))
                .isInstanceOf(VgLockException.class)
                .hasMessage("cannot take the lock of VG vg0 on its lock node n1: connect timed out; no other node "
                        + "stands in (no metadata change of vg0 runs anywhere else)");
        assertThat(opened).as("n2 is never asked to hold vg0's lock").containsExactly("n1");
    }

    @Test
    void aNamedMetadataNodeHoldsTheLock() throws Exception {
        java.util.List<String> opened = new java.util.ArrayList<>();
        LockNode node = new LockNode();
        try (VgLocks.Held held = new VgLocks(twoNodes(null, "n2"), n -> {
            opened.add(n.name());
            return node;
        }, "/run/lvmops", "test").acquire(List.of("vg0"), Duration.ofSeconds(1))) {
            assertThat(held.where()).containsExactly("vg0 on n2");
        }
        assertThat(opened).containsExactly("n2");
    }

    @Test
    void aSanlockVgTakesNoFlock_lvmlockdsVgLockIsItsLock() throws Exception {
        try (VgLocks.Held held = new VgLocks(twoNodes(io.lvmops.model.Guard.SANLOCK, null), n -> {
            throw new AssertionError("no node is opened for a sanlock VG's lock");
        }, "/run/lvmops", "test").acquire(List.of("vg0"), Duration.ofSeconds(1))) {
            assertThat(held.where()).isEmpty();
            assertThat(held.lost()).isNull();
        }
    }

    @Test
    void aLockNodeThatGoesSilentIsALostLock() throws Exception {
        LockNode node = new LockNode(); // answers LOCKED, then never a heartbeat; its channel stays open
        try (VgLocks.Held held = new VgLocks(twoNodes(null, null), n -> node, "/run/lvmops", "test",
                Duration.ofMillis(40)).acquire(List.of("vg0"), Duration.ofSeconds(1))) {
            Thread.sleep(400);
            assertThat(node.channelOpen).isTrue();
            assertThat(held.lost()).startsWith("the lock of VG vg0 on n1 was lost (no heartbeat for ")
                    .endsWith("): stopped before the next step; what ran is safe, run apply again");
        }
    }
}
