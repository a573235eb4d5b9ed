package io.lvmops.transport;

import io.lvmops.model.NodeSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SharedTransportsTest {

    /** A transport that records what happens to it, and can start long-running commands. */
    static final class Recording implements Transport, CommandStarter {
        final String node;
        final List<String> events;

        Recording(String node, List<String> events) {
            this.node = node;
            this.events = events;
        }

        @Override
        public String node() {
            return node;
        }

        @Override
        public CommandResult run(Command command) {
            events.add(node + " run " + String.join(" ", command.argv()));
            return new CommandResult(0, "", "", null);
        }

        @Override
        public RunningCommand start(Command command) {
            events.add(node + " start " + String.join(" ", command.argv()));
            return null;
        }

        @Override
        public Transport pipelined() {
            Recording shell = new Recording(node + "-shell", events);
            events.add(node + " pipelined");
            return shell;
        }

        @Override
        public void close() {
            events.add(node + " closed");
        }
    }

    @Test
    void aViewHandsOutTheSharedTransportsOwnPipelinedViewWhichItsUserCloses() throws Exception {
        List<String> events = new ArrayList<>();
        try (SharedTransports shared = new SharedTransports(node -> new Recording(node.name(), events))) {
            try (Transport steps = shared.open(NodeSpec.of("n1", "h1")).pipelined()) {
                steps.run(Command.of("mkdir"));
            }
            shared.open(NodeSpec.of("n1", "h1")).run(Command.of("lvs"));
        }
        assertThat(events).containsExactly("n1 pipelined", "n1-shell run mkdir", "n1-shell closed", "n1 run lvs",
                "n1 closed");
    }

    @Test
    void oneTransportPerNodeForTheWholeRun_closedOnceAtTheEnd() throws Exception {
        List<String> events = new ArrayList<>();
        List<String> opened = new ArrayList<>();
        TransportFactory delegate = node -> {
            opened.add(node.name());
            return new Recording(node.name(), events);
        };
        NodeSpec n1 = NodeSpec.of("n1", "h1");
        NodeSpec n2 = NodeSpec.of("n2", "h2");
        try (SharedTransports shared = new SharedTransports(delegate)) {
            try (Transport lockPhase = shared.open(n1)) {
                ((CommandStarter) lockPhase).start(Command.of("flock", "x"));
            }
            try (Transport observe1 = shared.open(n1); Transport observe2 = shared.open(n2)) {
                observe1.run(Command.of("true"));
                observe2.run(Command.of("true"));
            }
            shared.open(n1).run(Command.of("lvchange"));
            assertThat(events).noneMatch(e -> e.endsWith("closed"));
        }
        assertThat(opened).containsExactly("n1", "n2");
        assertThat(events).containsExactly("n1 start flock x", "n1 run true", "n2 run true", "n1 run lvchange",
                "n1 closed", "n2 closed");
    }

    @Test
    void nodesConnectInParallelAndEachOnlyOnce() throws Exception {
        // each node's handshake waits until the other's has started: only parallel connections get through
        java.util.concurrent.CountDownLatch both = new java.util.concurrent.CountDownLatch(2);
        List<String> opened = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
        TransportFactory slow = node -> {
            opened.add(node.name());
            both.countDown();
            try {
                if (!both.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new TransportException(node.name(), "the other node never connected alongside");
                }
            } catch (InterruptedException e) {
                throw new TransportException(node.name(), "interrupted");
            }
            return new Recording(node.name(), events);
        };
        NodeSpec n1 = NodeSpec.of("n1", "h1");
        NodeSpec n2 = NodeSpec.of("n2", "h2");
        try (SharedTransports shared = new SharedTransports(slow)) {
            shared.connectAhead(List.of(n1, n2), 4);
            shared.open(n1).run(Command.of("true"));
            shared.open(n2).run(Command.of("true"));
            shared.open(n1).run(Command.of("true"));
        }
        assertThat(opened).containsExactlyInAnyOrder("n1", "n2");
        assertThat(events).contains("n1 closed", "n2 closed");
    }

    @Test
    void aNodeThatCannotConnectIsReportedToItsCallerAndTriedAgainLater() throws Exception {
        List<String> attempts = java.util.Collections.synchronizedList(new ArrayList<>());
        TransportFactory down = node -> {
            attempts.add(node.name());
            throw new TransportException(node.name(), "connection refused");
        };
        NodeSpec n1 = NodeSpec.of("n1", "h1");
        try (SharedTransports shared = new SharedTransports(down)) {
            shared.connectAhead(List.of(n1), 1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> shared.open(n1))
                    .isInstanceOf(TransportException.class).hasMessageContaining("connection refused");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> shared.open(n1))
                    .isInstanceOf(TransportException.class);
        }
        assertThat(attempts).hasSizeGreaterThanOrEqualTo(2);
    }
}
