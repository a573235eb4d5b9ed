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
        return new ObservingReconcileCycle(source, new SshTransportFactory(settings), ssh.parallel());
    }
}
