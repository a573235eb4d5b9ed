package io.lvmops.daemon;

import io.lvmops.transport.SshSettings;
import io.lvmops.transport.SshTransportFactory;

/** The production cycle: the configured spec source, SSH to the nodes with the configured settings. */
public final class DefaultCycleFactory implements ReconcileCycleFactory {
    @Override
    public ReconcileCycle create(DaemonConfig config) {
        SpecSource source = config.spec() instanceof DaemonConfig.GitSource g
                ? new GitDaemonSpecSource(g, io.lvmops.git.GitCredentials.of(g.sshKey(), g.knownHosts(), g.tokenFile(),
                g.caFile(), System.getenv()))
                : new PathSpecSource(((DaemonConfig.PathSource) config.spec()).path());
        DaemonConfig.Ssh ssh = config.ssh();
        SshSettings settings = SshSettings.defaults().withAcceptNewHostKeys(ssh.acceptNewHostKeys())
                .withConnectTimeout(ssh.connectTimeout()).withMaxParallel(ssh.parallel());
        SshTransportFactory transports = new SshTransportFactory(settings);
        String holder = io.lvmops.apply.lock.FlockVgLock.holderInfo(host(), ProcessHandle.current().pid(),
                java.time.Instant.now()) + " daemon";
        return new PlanningReconcileCycle(source, transports, new io.lvmops.observe.LvmNodeObserver(), ssh.parallel(),
                io.lvmops.apply.lock.VgLocks.every(io.lvmops.apply.lock.FlockVgLock.DEFAULT_DIR, holder,
                        java.time.Duration.ofMinutes(5)));
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
