package io.lvmops.daemon;

import io.lvmops.transport.SshSettings;
import io.lvmops.transport.SshTransportFactory;

/** The production cycle: the configured spec source, SSH to the nodes with the configured settings. */
public final class DefaultCycleFactory implements ReconcileCycleFactory {
    @Override
    public ReconcileCycle create(DaemonConfig config) {
        if (!(config.spec() instanceof DaemonConfig.PathSource p)) {
            throw new IllegalArgumentException(
                    "spec.git needs the GitOps spec source, which this build does not have yet; use spec.path");
        }
        SpecSource source = new PathSpecSource(p.path());
        DaemonConfig.Ssh ssh = config.ssh();
        SshSettings settings = SshSettings.defaults().withAcceptNewHostKeys(ssh.acceptNewHostKeys())
                .withConnectTimeout(ssh.connectTimeout()).withMaxParallel(ssh.parallel());
        // The VG lock needs an SSH channel held open on the metadata node (CommandStarter), which the SSH transport does
        // not offer yet: until it does, daemon applies are serialized by the daemon's run lock only.
        org.slf4j.LoggerFactory.getLogger(DefaultCycleFactory.class).warn("event=vg_lock_unavailable reason=\"the SSH "
                + "transport cannot hold a lock channel yet; daemon applies are serialized by the run lock only\"");
        return new PlanningReconcileCycle(source, new SshTransportFactory(settings),
                new io.lvmops.observe.LvmNodeObserver(), ssh.parallel(), VgLocks.NONE);
    }
}
