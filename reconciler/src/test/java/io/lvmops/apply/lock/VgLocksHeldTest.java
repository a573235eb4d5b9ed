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

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VgLocksHeldTest {

    /** A node whose lock program answers LOCKED and then lives as long as {@code channelOpen}. */
    static final class LockNode implements Transport, CommandStarter {
        final AtomicBoolean channelOpen = new AtomicBoolean(true);

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
            return new RunningCommand() {
                @Override
                public OutputStream stdin() {
                    return new ByteArrayOutputStream();
                }

                @Override
                public InputStream stdout() {
                    return new ByteArrayInputStream("LOCKED\n".getBytes(StandardCharsets.UTF_8));
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
        try (VgLocks.Held held = new VgLocks(spec, n -> node, "/run/lock", "test").acquire(List.of("vg0"),
                Duration.ofSeconds(1))) {
            assertThatCode(held::requireAlive).doesNotThrowAnyException();

            node.channelOpen.set(false); // the connection dropped: the node released the flock

            assertThatThrownBy(held::requireAlive).isInstanceOf(VgLocks.VgLockLostException.class)
                    .hasMessageContaining("VG vg0 on n1").hasMessageContaining("stopped before the next step");
        }
    }
}
