package io.lvmops.daemon;

import io.lvmops.git.AppliedRevisionStore;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

/**
 * A running daemon: the Quartz scheduler with the sync and drift jobs, the HTTP API, the notifier. {@link #close()}
 * is the clean shutdown (SIGTERM): no new run starts, the running one is asked to stop between two steps and
 * waited for, the run lock is released with it, then the HTTP API and the store close.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    static final String DATA_SOURCE = "lvmops";

    private final DaemonConfig config;
    private final ReconcileCycle cycle;
    private final DaemonScheduler scheduler;
    private final DaemonHttpServer http;
    private final Notifier notifier;
    private boolean closed;

    private Daemon(DaemonConfig config, ReconcileCycle cycle, DaemonScheduler scheduler, DaemonHttpServer http,
                   Notifier notifier) {
        this.config = config;
        this.cycle = cycle;
        this.scheduler = scheduler;
        this.http = http;
        this.notifier = notifier;
    }

    /** @throws IllegalArgumentException the HTTP API's token cannot be read, or is missing on a non-loopback address */
    public static Daemon start(DaemonConfig config, ReconcileCycle cycle) throws Exception {
        ApiToken token = config.httpApi().tokenFile() == null ? null : ApiToken.read(config.httpApi().tokenFile());
        if (token == null && !DaemonHttpServer.isLoopback(config.http())) {
            throw new IllegalArgumentException(DaemonHttpServer.nonLoopbackWithoutToken(config.http()));
        }
        DaemonState state = appliedRevisionState(config);
        java.util.List<String> warnings = StartWarnings.of(config);
        for (String warning : warnings) {
            LOG.warn("event=config_warning warning=\"{}\"", warning);
        }
        state.warnings(warnings);
        DaemonMetrics metrics = new DaemonMetrics();
        String host = InetAddress.getLocalHost().getHostName();
        Notifier notifier = config.notifyUrls().isEmpty() ? Notifier.NONE
                : new WebhookNotifier(config.notifyUrls(), 4, Duration.ofSeconds(2), "lvmops-daemon@" + host,
                Clock.systemUTC());
        Properties quartz = new Properties();
        RunLock lock;
        SuspendSwitch suspend;
        if (config.jobStore() instanceof DaemonConfig.JdbcStore store) {
            JdbcConnections connections = new JdbcConnections(store);
            try (Connection c = connections.getConnection()) {
                QuartzSchema.ensure(c);
            }
            DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, connections);
            quartz.setProperty("org.quartz.jobStore.class", ClusteredJobStore.class.getName());
            quartz.setProperty("org.quartz.jobStore.driverDelegateClass",
                    "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
            quartz.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
            quartz.setProperty("org.quartz.jobStore.isClustered", "true");
            quartz.setProperty("org.quartz.jobStore.clusterCheckinInterval",
                    Long.toString(store.clusterCheckinInterval().toMillis()));
            quartz.setProperty("org.quartz.jobStore.misfireThreshold",
                    Long.toString(Math.max(1000, store.clusterCheckinInterval().toMillis())));
            quartz.setProperty("org.quartz.scheduler.instanceId", store.instanceId());
            lock = new PostgresRunLock(connections);
            suspend = new JdbcSuspendSwitch(connections);
        } else {
            quartz.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
            lock = RunLock.inProcess();
            suspend = SuspendSwitch.inMemory();
        }
        Map<JobKind, Backoff> backoffs = Map.of(
                JobKind.DRIFT, new Backoff(config.interval(), config.jitter(), config.backoffCap()),
                JobKind.SYNC, new Backoff(config.syncInterval(), Duration.ZERO, config.backoffCap()));
        CycleRunner runner = new CycleRunner(cycle, lock, state, metrics, notifier, suspend, config.mode(), backoffs,
                Clock.systemUTC(), new Random());
        DaemonScheduler scheduler = DaemonScheduler.create(quartz, runner,
                Map.of(JobKind.DRIFT, config.interval(), JobKind.SYNC, config.syncInterval()));
        DaemonHttpServer http = new DaemonHttpServer(config.http(), config.httpApi(), token, host,
                () -> status(state, suspend, config), metrics::scrape, scheduler::running, suspend);
        scheduler.start();
        http.start();
        LOG.info("event=daemon_started mode={} store={} instance={} interval_ms={} sync_interval_ms={} http={}",
                config.mode().name().toLowerCase(java.util.Locale.ROOT),
                config.jobStore() instanceof DaemonConfig.JdbcStore ? "jdbc" : "ram", scheduler.instanceId(),
                config.interval().toMillis(), config.syncInterval().toMillis(), http.address());
        return new Daemon(config, cycle, scheduler, http, notifier);
    }

    /** The applied revision survives restarts in the CLI's state file ({@code AppliedRevisionStore}). */
    private static DaemonState appliedRevisionState(DaemonConfig config) {
        String source = config.spec() instanceof DaemonConfig.GitSource g
                ? (g.path().isEmpty() ? g.url() : g.url() + "//" + g.path())
                : ((DaemonConfig.PathSource) config.spec()).path().toString();
        AppliedRevisionStore store = new AppliedRevisionStore(config.stateDir() != null ? config.stateDir()
                : AppliedRevisionStore.defaultStateDir(System.getenv()));
        String last = null;
        try {
            last = store.lastApplied(source).map(io.lvmops.git.AppliedRevision::revision).orElse(null);
        } catch (RuntimeException e) {
            LOG.warn("event=state_file_unreadable file={} reason=\"{}\"", store.file(), CycleRunner.oneLine(e.getMessage()));
        }
        return new DaemonState(last, revision -> {
            try {
                store.record(source, revision, java.time.Instant.now());
            } catch (RuntimeException e) {
                LOG.warn("event=state_file_unwritable file={} reason=\"{}\"", store.file(),
                        CycleRunner.oneLine(e.getMessage()));
            }
        });
    }

    private static Object status(DaemonState state, SuspendSwitch suspend, DaemonConfig config) {
        boolean suspended;
        try {
            suspended = suspend.suspended();
        } catch (RuntimeException e) {
            suspended = true; // unknown: shown as suspended, the safe reading
        }
        return state.snapshot(suspended, config.mode());
    }

    public InetSocketAddress httpAddress() {
        return http.address();
    }

    public DaemonScheduler scheduler() {
        return scheduler;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("event=daemon_stopping");
        cycle.requestStop();
        scheduler.shutdown();
        notifier.close();
        http.close();
        LOG.info("event=daemon_stopped");
    }
}
