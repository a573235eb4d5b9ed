package io.lvmops.daemon;

/** Makes the daemon's reconcile cycle from its configuration (the real one, or a test's). */
@FunctionalInterface
public interface ReconcileCycleFactory {
    ReconcileCycle create(DaemonConfig config) throws Exception;
}
