package io.lvmops.daemon;

import java.time.Duration;

import io.lvmops.testing.LocalImages;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * A throwaway PostgreSQL 15 (Debian's package) in a Testcontainers container built from the local Debian image
 * ({@link LocalImages#postgresql()}): superuser {@code lvmops} with the given password (SCRAM over TCP), port 5432
 * mapped to a free port of this machine.
 */
final class PostgresServer implements AutoCloseable {
    private final GenericContainer<?> container;

    private PostgresServer(GenericContainer<?> container) {
        this.container = container;
    }

    static PostgresServer start(String password) {
        GenericContainer<?> container = new GenericContainer<>(LocalImages.postgresql())
                .withEnv("POSTGRES_PASSWORD", password)
                .withExposedPorts(5432)
                // the server itself, not initdb's temporary one, says so (initdb runs in single-user mode)
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\n", 1)
                        .withStartupTimeout(Duration.ofMinutes(2)));
        container.start();
        return new PostgresServer(container);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(5432) + "/postgres";
    }

    @Override
    public void close() {
        container.stop();
    }
}
