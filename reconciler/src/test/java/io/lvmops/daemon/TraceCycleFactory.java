package io.lvmops.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Test-only cycle for the HA test ({@code lvmops daemon --cycle-factory io.lvmops.daemon.TraceCycleFactory}):
 * each run appends {@code PID JOB start MILLIS}, works for {@code LVMOPS_TRACE_WORK_MS} (default 1500 ms), then
 * appends {@code PID JOB end MILLIS} to {@code trace.log} beside the configuration file. Appends of one short line
 * with O_APPEND are atomic, so several daemon processes can share the file.
 */
public final class TraceCycleFactory implements ReconcileCycleFactory {
    @Override
    public ReconcileCycle create(DaemonConfig config) {
        Path trace = config.configFile().toAbsolutePath().getParent().resolve("trace.log");
        long work = Long.parseLong(System.getenv().getOrDefault("LVMOPS_TRACE_WORK_MS", "1500"));
        return new TraceCycle(trace, work);
    }

    static final class TraceCycle implements ReconcileCycle {
        private final Path trace;
        private final long workMillis;
        private volatile boolean stop;

        TraceCycle(Path trace, long workMillis) {
            this.trace = trace;
            this.workMillis = workMillis;
        }

        private CycleResult run(String job) throws IOException, InterruptedException {
            long pid = ProcessHandle.current().pid();
            append(pid + " " + job + " start " + System.currentTimeMillis());
            // the "steps" of the run: stop between two of them when asked (SIGTERM)
            long end = System.currentTimeMillis() + workMillis;
            while (!stop && System.currentTimeMillis() < end) {
                Thread.sleep(Math.min(100, Math.max(1, end - System.currentTimeMillis())));
            }
            append(pid + " " + job + " end " + System.currentTimeMillis() + (stop ? " stopped" : ""));
            return new CycleResult("trace", false, List.of(), List.of(), 0, 0, null, true, List.of(), List.of());
        }

        private void append(String line) throws IOException {
            Files.writeString(trace, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        }

        @Override
        public CycleResult driftCheck(boolean correct) throws Exception {
            return run("drift");
        }

        @Override
        public CycleResult sync(boolean correct) throws Exception {
            return run("sync");
        }

        @Override
        public void requestStop() {
            stop = true;
        }
    }
}
