package io.lvmops.cli;

import io.lvmops.apply.lock.FlockVgLock;
import io.lvmops.apply.lock.VgLocks;
import io.lvmops.daemon.CycleResult;
import io.lvmops.daemon.PlanningReconcileCycle;
import io.lvmops.daemon.SpecSource;
import io.lvmops.model.Spec;
import io.lvmops.model.load.SpecLoader;
import io.lvmops.transport.Command;
import io.lvmops.transport.CommandResult;
import io.lvmops.transport.CommandStarter;
import io.lvmops.transport.OpenSshServer;
import io.lvmops.transport.RunningCommand;
import io.lvmops.transport.SshClientFiles;
import io.lvmops.transport.SshSettings;
import io.lvmops.transport.SshTransportFactory;
import io.lvmops.transport.Transport;
import io.lvmops.transport.TransportException;
import io.lvmops.transport.TransportFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The VG lock of real runs, CLI and daemon, held on a real OpenSSH server (a container) in its default directory
 * /run/lvmops. Only the lock goes over SSH: the steps run on recording nodes that take {@link #STEP} each (LVM needs
 * the lab), and the nodes are observed as {@link PlanCommandTest#lvMissing()} every time, so every run has steps.
 */
class VgLockOverSshTest {
    @RegisterExtension
    static final OpenSshServer SSHD = OpenSshServer.inContainer();
    private static final Duration STEP = Duration.ofMillis(600);
    /** How long a step takes here; the silent-node test needs steps that outlast the heartbeat's bound. */
    private volatile Duration step = STEP;

    @TempDir
    Path dir;

    /** "who node start end" (nanoTime) of every step that ran. */
    private final List<long[]> spans = Collections.synchronizedList(new ArrayList<>());
    private final List<String> who = Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();

    /** Nodes whose steps are recorded (tagged {@code runner}) and whose lock channel is a real SSH channel. */
    private TransportFactory nodes(String runner) throws Exception {
        SshTransportFactory ssh = new SshTransportFactory(SshSettings.defaults().withConnectTimeout(
                Duration.ofSeconds(5)), new SshClientFiles(dir.resolve("nohome"), null));
        Path knownHosts = SSHD.trustingKnownHosts();
        return node -> new Recording(runner, node.name(), (CommandStarter) ssh.open(SSHD.node(node.name(),
                knownHosts)));
    }

    private final class Recording implements Transport, CommandStarter {
        private final String runner;
        private final String name;
        private final CommandStarter lockChannel;

        Recording(String runner, String name, CommandStarter lockChannel) {
            this.runner = runner;
            this.name = name;
            this.lockChannel = lockChannel;
        }

        @Override
        public String node() {
            return name;
        }

        @Override
        public CommandResult run(Command command) {
            long start = System.nanoTime();
            started.incrementAndGet();
            try {
                Thread.sleep(step.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (spans) {
                spans.add(new long[] {start, System.nanoTime()});
                who.add(runner);
            }
            return new CommandResult(0, "", "", step);
        }

        @Override
        public RunningCommand start(Command command) throws TransportException {
            return lockChannel.start(command);
        }

        @Override
        public void close() {
            ((Transport) lockChannel).close();
        }
    }

    record Run(int exitCode, String out, String err) {
    }

    /** {@code lvmops apply SPEC --auto-approve} with the default lock directory, /run/lvmops, on the lock node. */
    private Run cliApply(Path spec, TransportFactory nodes) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = LvmopsCommand.newCommandLine(nodes);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        ApplyCommand apply = cl.getSubcommands().get("apply").getCommand();
        apply.terminal = false;
        apply.fleetObserver = (s, factory) -> PlanCommandTest.lvMissing();
        apply.nodeObserver = (s, node, transport) -> PlanCommandTest.lvMissing().node(node.name()).orElseThrow();
        int code = cl.execute("apply", spec.toString(), "--auto-approve", "--lock-timeout", "60s", "--state-dir",
                dir.resolve("state").toString());
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aLockLostMidApplyStopsItBeforeItsNextStep() throws Exception {
        Path spec = PlanCommandTest.twoNodeSpec(dir);
        CompletableFuture<Run> run = CompletableFuture.supplyAsync(() -> {
            try {
                return cliApply(spec, nodes("cli"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (spans.size() < 2 && !run.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(spans).as("two steps ran under the lock").hasSizeGreaterThanOrEqualTo(2);
        // cut the lock node's connection: kill the sshd process serving the lock's channel (the lock program's
        // parent); the kernel drops the flock, another apply could take it now
        SSHD.execInContainer("kill -9 $(ps -o ppid= -p $(pgrep -o -f lvmops-lock))");
        long cut = System.nanoTime();
        Run r = run.get(60, TimeUnit.SECONDS);

        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.ERROR);
        assertThat(r.err()).contains("lvmops: the lock of VG vg0 on n1 was lost (its channel ended): stopped before "
                + "the next step; what ran is safe, run apply again");
        int total = io.lvmops.plan.Planner.plan(SpecLoader.load(spec).spec(), PlanCommandTest.lvMissing(),
                io.lvmops.plan.PlanOptions.DEFAULT).steps().size();
        assertThat(spans.size()).as("stopped before its end").isLessThan(total);
        long slack = STEP.toNanos() / 2;
        assertThat(spans).as("no step started after the cut was seen").allMatch(s -> s[0] < cut + slack);
        assertThat(SSHD.execInContainer("flock -n /run/lvmops/lvmops-vg0.lock echo free")).isEqualTo("free\n");
    }

    @Test
    void aLockNodeThatFallsSilentMidApplyStopsItBeforeItsNextStep() throws Exception {
        // nothing closes here: the node freezes (or the link drops silently); only the missing heartbeat tells
        step = Duration.ofSeconds(6);
        Path spec = PlanCommandTest.twoNodeSpec(dir);
        CompletableFuture<Run> run = CompletableFuture.supplyAsync(() -> {
            try {
                return cliApply(spec, nodes("cli"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (started.get() == 0 && !run.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        SSHD.pause(); // during the first step
        long silent = System.nanoTime();
        Run r;
        try {
            r = run.get(90, TimeUnit.SECONDS);
        } finally {
            SSHD.unpause();
        }
        long stopped = System.nanoTime();

        int total = io.lvmops.plan.Planner.plan(SpecLoader.load(spec).spec(), PlanCommandTest.lvMissing(),
                io.lvmops.plan.PlanOptions.DEFAULT).steps().size();
        System.err.printf("[lock] silent node: apply ended %d ms after the node froze, after %d of %d steps%n",
                (stopped - silent) / 1_000_000, spans.size(), total);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.ERROR);
        assertThat(r.err()).contains("lvmops: the lock of VG vg0 on n1 was lost (no heartbeat for ")
                .contains("stopped before the next step; what ran is safe, run apply again");
        assertThat(spans.size()).as("stopped before its end").isLessThan(total);
    }

    @Test
    void aCliApplyAndADaemonCycleAtOnceNeverBothRunStepsOnOneVg() throws Exception {
        Path specFile = PlanCommandTest.twoNodeSpec(dir);
        Spec spec = SpecLoader.load(specFile).spec();
        PlanningReconcileCycle daemon = new PlanningReconcileCycle(() -> new SpecSource.Revision("r1", spec),
                nodes("daemon"), (s, node, t) -> PlanCommandTest.lvMissing().node(node.name()).orElseThrow(), 2,
                VgLocks.every(FlockVgLock.DEFAULT_DIR, "host=test pid=2 started=x daemon", Duration.ofSeconds(60)));
        TransportFactory cliNodes = nodes("cli");
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Run> cli = CompletableFuture.supplyAsync(() -> {
            await(go);
            return cliApply(specFile, cliNodes);
        });
        CompletableFuture<CycleResult> cycle = CompletableFuture.supplyAsync(() -> {
            await(go);
            try {
                return daemon.driftCheck(true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        go.countDown();
        Run r = cli.get(120, TimeUnit.SECONDS);
        CycleResult d = cycle.get(120, TimeUnit.SECONDS);

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(d.applyFailure()).isNull();
        assertThat(who).contains("cli", "daemon");
        long cliStart = Long.MAX_VALUE;
        long cliEnd = Long.MIN_VALUE;
        long daemonStart = Long.MAX_VALUE;
        long daemonEnd = Long.MIN_VALUE;
        synchronized (spans) {
            for (int i = 0; i < spans.size(); i++) {
                long[] s = spans.get(i);
                if (who.get(i).equals("cli")) {
                    cliStart = Math.min(cliStart, s[0]);
                    cliEnd = Math.max(cliEnd, s[1]);
                } else {
                    daemonStart = Math.min(daemonStart, s[0]);
                    daemonEnd = Math.max(daemonEnd, s[1]);
                }
            }
        }
        assertThat(cliEnd <= daemonStart || daemonEnd <= cliStart)
                .as("the steps of one ran entirely before the other's (cli %d..%d ms, daemon %d..%d ms)",
                        cliStart / 1_000_000, cliEnd / 1_000_000, daemonStart / 1_000_000, daemonEnd / 1_000_000)
                .isTrue();
    }

    private static void await(CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
