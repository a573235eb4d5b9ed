package io.lvmops.chaos;

import io.lvmops.chaos.Choices.Fault;
import io.lvmops.chaos.Choices.Guard;
import io.lvmops.chaos.Choices.Role;
import io.lvmops.chaos.Choices.Workload;
import io.lvmops.lab.Lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of the fault campaign on a running lab: set the fleet up for the workload, start the device-mapper
 * sampler and the record writer, run the workload's apply (the CLI's, or the daemon's after a Git commit), strike
 * the fault when the chosen number of steps has completed, heal it, apply until converged or blocked, then check
 * placement and the records. The fleet it is given is the campaign's desired state, which it leaves as the
 * workload's target.
 */
final class ChaosRun {
    private static final Duration CLI = Duration.ofMinutes(12);
    static final Pattern CLI_STEP = Pattern.compile("(?m)^\\[(\\d+)/(\\d+)] (\\S+) \\S (.*) \\([\\d.]+s\\)$");
    static final Pattern CLI_FAILED = Pattern.compile("(?m)^\\[(\\d+)] FAILED on (\\S+) after \\S+: (.*)$");
    private static final Pattern DAEMON_STEP =
            Pattern.compile("event=step_applied step=(\\d+)/(\\d+) node=(\\S+) action=\\S+ command=\"(.*?)\" ");
    private static final Pattern DAEMON_FAILED =
            Pattern.compile("event=step_failed step=(\\d+) node=(\\S+) command=\"(.*?)\" ");

    private final Lab lab;
    private final Fleet fleet;
    private final Choices c;
    private final Path work;
    private final String iscsiPort;
    private final List<String> notes = new ArrayList<>();
    private final long origin = System.nanoTime();
    private int applies;

    ChaosRun(Lab lab, Fleet fleet, Choices choices, Path work, String iscsiPort) {
        this.lab = lab;
        this.fleet = fleet;
        this.c = choices;
        this.work = work;
        this.iscsiPort = iscsiPort;
    }

    private boolean tags() {
        return c.guard() == Guard.TAGS;
    }

    /** The LV the workload creates, grows, hands over or removes. */
    private String workLv() {
        return switch (c.workload()) {
            case CREATE, REMOVE -> tags() ? "lvc" : "lv03";
            default -> tags() ? "lv01" : "lv02";
        };
    }

    /** The long-lived LV the writer appends records to. */
    private String recordLv() {
        return tags() ? "lv01" : "lv02";
    }

    private boolean allowDestroy() {
        return c.workload() == Workload.REMOVE || c.workload() == Workload.CREATE;
    }

    private static String other(String node) {
        return node.equals("node1") ? "node2" : "node1";
    }

    RunResult run() throws Exception {
        Files.createDirectories(work);
        Converger.Converge setup = setUp();
        if (!setup.converged()) {
            return result("-", "-", List.of(), 0, -1, setup, true);
        }
        Fleet target = target();
        String lv = workLv();
        String owner = fleet.lv(lv).owner();
        String targetOwner = target.lv(lv).owner();
        String faultNode = c.fault() == Fault.ROGUE_ACTIVATION ? other(targetOwner)
                : c.faultOn() == Role.OWNER ? owner : other(owner);
        Path spec = target.write(work.resolve("spec"));
        List<String> applyArgs = new ArrayList<>(List.of("apply", "--auto-approve", spec.toString()));
        if (allowDestroy()) {
            applyArgs.add("--allow-destroy");
        }
        FaultInjection fault = new FaultInjection(lab, c.fault(), faultNode, work, iscsiPort, c.holdSeconds(),
                target.lv(lv).path(), applyArgs);
        DmTimeline timeline = new DmTimeline(TimeUnit.SECONDS.toNanos(3));
        Fleet.Lv rec = fleet.lv(recordLv());
        RecordWriter writer = new RecordWriter(lab, rec.owner(), rec.mountPoint() + "/records-" + c.seed(),
                "r" + c.seed());
        String stepHit;
        int acked;
        Converger.Converge end;
        boolean placementRight;
        try (DmSampler sampler = new DmSampler(lab, timeline).start()) {
            sampler.awaitFreshSamples(2, 60_000);
            writer.start();
            if (!writer.awaitAcknowledged(3, 60_000)) {
                notes.add("the writer on " + rec.owner() + " acknowledged only " + writer.acknowledged() + " record(s)");
            }
            if (c.handsOver()) {
                writer.stop(); // the handover begins: the owner's application stops writing
            }
            stepHit = c.workload() == Workload.DAEMON ? daemonWorkload(target, spec, fault)
                    : cliWorkload(applyArgs, spec, fault);
            fault.heal(); // first: a cut or a lost path would keep the writer's stop from reaching the node
            acked = writer.stop();
            notes.addAll(fault.notes());
            end = converge(spec);
            sampler.awaitFreshSamples(2, 60_000);
            placementRight = !end.converged() || placementRight(target, timeline);
        }
        fleet.lvs().clear();
        target.lvs().values().forEach(fleet::put);
        if (!target.vgcInSpec()) {
            fleet.vgcGone();
        }
        List<String> doubles = timeline.doubleMappings().stream().map(d -> d.describe(origin)).toList();
        String finalOwner = target.lv(recordLv()).owner();
        int lost = writer.lost(finalOwner, acked);
        return result(faultNode, stepHit, doubles, acked, lost, end, placementRight);
    }

    private RunResult result(String faultNode, String stepHit, List<String> doubles, int acked, int lost, Converger.Converge end,
                             boolean placementRight) {
        double seconds = (System.nanoTime() - origin) / 1e9;
        return new RunResult(c, faultNode, stepHit, doubles, acked, lost, end.converged(), applies, end.reason(),
                placementRight, seconds, end.seconds(), List.copyOf(notes));
    }

    // ---- setting up and the target

    /** Brings the fleet to the state the workload starts from and converges it (not measured). */
    private Converger.Converge setUp() throws Exception {
        switch (c.workload()) {
            case CREATE -> {
                if (tags() && fleet.vgcInSpec()) {
                    removeVgcByHand();
                    fleet.vgcGone();
                } else if (!tags()) {
                    fleet.put(fleet.lv("lv03").withPresent(false));
                }
            }
            case REMOVE -> {
                String name = tags() ? "lvc" : "lv03";
                if (!fleet.lv(name).present()) {
                    fleet.put(fleet.lv(name).withPresent(true).withOwner(createdOwner()));
                }
            }
            default -> {
            }
        }
        Path spec = fleet.write(work.resolve("setup-spec"));
        Converger.Converge setup = converge(spec, true);
        applies = 0;
        if (!setup.converged()) {
            notes.add("SETUP: the fleet did not converge before the workload");
        }
        return setup;
    }

    private String createdOwner() {
        return c.createdOwner() == Role.OWNER ? "node1" : "node2";
    }

    private Fleet target() {
        Fleet t = fleet.copy();
        Fleet.Lv lv = t.lv(workLv());
        switch (c.workload()) {
            case CREATE -> t.put(lv.withPresent(true).withOwner(createdOwner()));
            case REMOVE -> t.put(lv.withPresent(false));
            case GROW -> t.put(lv.withSizeMiB(lv.sizeMiB() + 32));
            case HANDOVER -> t.put(lv.withOwner(other(lv.owner())));
            case DAEMON -> t.put(c.daemonHandsOver() ? lv.withOwner(other(lv.owner())) : lv.withSizeMiB(lv.sizeMiB() + 32));
        }
        return t;
    }

    /** vgc off both nodes, LUN c wiped and logged out: a blank LUN for the next create. */
    private void removeVgcByHand() throws IOException {
        for (String node : lab.nodeNames()) {
            lab.ssh(node, "umount /mnt/chaos_lvc 2>/dev/null; lvm vgchange -an vgc >/dev/null 2>&1; true");
        }
        // blank as a new LUN is: zeros (wipefs only erases the signatures' magic, LVM's metadata text stays, and
        // lvmops' blank proof rightly refuses a device whose first MiB is not all zeros)
        lab.ssh("node1", "lvm vgremove -ff -y vgc >/dev/null 2>&1; lvm pvremove -ff -y /dev/mapper/test_block_c"
                + " >/dev/null 2>&1; wipefs -q -a /dev/mapper/test_block_c 2>/dev/null; dd if=/dev/zero"
                + " of=/dev/mapper/test_block_c bs=1M count=8 oflag=direct 2>/dev/null; true");
        for (String node : lab.nodeNames()) {
            lab.sshOk(node, "dmsetup remove vgc-lvc 2>/dev/null; iscsiadm -m node -T iqn.2016-11.com.test:block-c -u"
                    + " >/dev/null 2>&1; iscsiadm -m node -T iqn.2016-11.com.test:block-c -o delete >/dev/null 2>&1;"
                    + " multipath -f test_block_c >/dev/null 2>&1; rmdir /mnt/chaos_lvc 2>/dev/null; udevadm settle;"
                    + " lvm pvscan --cache >/dev/null 2>&1; true");
        }
    }

    // ---- the workload's apply and the fault

    private String cliWorkload(List<String> applyArgs, Path spec, FaultInjection fault) throws Exception {
        Path out = work.resolve("apply.out");
        Path err = work.resolve("apply.err");
        long start = System.nanoTime();
        Process apply = lab.startLvmops(out, err, applyArgs.toArray(String[]::new));
        applies++;
        Path besideDaemon = c.fault() == Fault.DAEMON_AND_CLI
                ? ChaosDaemon.config(work.resolve("beside-daemon.yaml"), ChaosDaemon.pathSource(spec),
                work.resolve("beside-daemon-state")) : null;
        Strike strike = strikeWhenDue(() -> Files.readString(out), () -> Files.readString(err), () -> !apply.isAlive(),
                CLI_STEP, start, fault, besideDaemon);
        if (!apply.waitFor(CLI.toMillis(), TimeUnit.MILLISECONDS)) {
            notes.add("HANG: the workload's apply did not end within " + CLI.toMinutes() + " min");
            apply.descendants().forEach(ProcessHandle::destroyForcibly);
            apply.destroyForcibly();
        }
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        Files.writeString(work.resolve("apply.log"), stdout + "\n--- stderr\n" + stderr);
        if (stderr.contains("Exception") && stderr.contains("\tat ")) {
            notes.add("CRASH: the apply printed a stack trace");
        }
        return stepHit(strike, stdout, stderr, CLI_STEP, CLI_FAILED);
    }

    private String daemonWorkload(Fleet target, Path spec, FaultInjection fault) throws Exception {
        Path repo = work.resolve("repo");
        fleet.write(repo.resolve("spec"));
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", "spec");
        git(repo, "commit", "-q", "-m", "as it is");
        Path config = ChaosDaemon.config(work.resolve("daemon.yaml"), ChaosDaemon.gitSource(repo),
                work.resolve("daemon-state"));
        Path log = work.resolve("daemon.log");
        Process daemon = ChaosDaemon.start(lab, config, work.resolve("daemon.out"), log);
        String stepHit;
        try {
            // the first sync of the revision as it is: nothing to do
            awaitLog(log, 0, "event=run_finished job=sync", Duration.ofMinutes(5));
            target.write(repo.resolve("spec"));
            git(repo, "commit", "-q", "-am", "the workload");
            int from = Files.readString(log).length();
            if (!awaitLog(log, from, "event=apply_started", Duration.ofMinutes(3))) {
                notes.add("the daemon did not start an apply of the new revision within 3 min");
            }
            long start = System.nanoTime();
            Strike strike = strikeWhenDue(() -> tail(log, from), () -> tail(log, from),
                    () -> runEnded(tail(log, from)), DAEMON_STEP, start, fault, null);
            long deadline = System.nanoTime() + CLI.toNanos();
            while (!runEnded(tail(log, from)) && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
            if (!runEnded(tail(log, from))) {
                notes.add("HANG: the daemon's apply did not end within " + CLI.toMinutes() + " min");
            }
            stepHit = stepHit(strike, tail(log, from), tail(log, from), DAEMON_STEP, DAEMON_FAILED);
            fault.heal();
            // the daemon keeps reconciling: give it a few runs to converge by itself
            long until = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            while (System.nanoTime() < until) {
                Lab.Result plan = lab.lvmops(CLI, "plan", "--detailed-exitcode", spec.toString());
                if (plan.exitCode() == 0) {
                    break;
                }
                TimeUnit.SECONDS.sleep(10);
            }
            applies = (int) tail(log, from).lines().filter(l -> l.contains("event=apply_started")).count();
        } finally {
            daemon.destroy();
            if (!daemon.waitFor(3, TimeUnit.MINUTES)) {
                notes.add("HANG: the daemon did not stop within 3 min of SIGTERM");
                daemon.destroyForcibly();
            }
        }
        String text = Files.readString(log);
        if (text.contains("Exception") && text.contains("\tat ")) {
            notes.add("CRASH: the daemon logged a stack trace");
        }
        return stepHit;
    }

    private static boolean runEnded(String logTail) {
        int started = logTail.indexOf("event=apply_started");
        if (started < 0) {
            return false;
        }
        String after = logTail.substring(started);
        return after.contains("event=run_finished job=sync") || after.contains("event=run_failed job=sync");
    }

    private static String tail(Path log, int from) throws IOException {
        String text = Files.readString(log);
        return text.length() <= from ? "" : text.substring(from);
    }

    private static boolean awaitLog(Path log, int from, String what, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && tail(log, from).contains(what)) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        return false;
    }

    interface Text {
        String read() throws IOException;
    }

    interface Check {
        boolean test() throws IOException;
    }

    /** When the fault struck: steps completed, and how much of the apply's output and error stream was there. */
    record Strike(int done, int outOffset, int errOffset) {
    }

    /**
     * Watches the apply's step lines and strikes once the chosen number of steps has completed (capped at the plan's
     * length minus one, so the fault falls inside the apply), or, for zero, the chosen delay after the apply began
     * (while it observes and locks). An apply that ends first gets the fault right after it.
     */
    private Strike strikeWhenDue(Text text, Text errors, Check finished, Pattern step, long start,
                                 FaultInjection fault, Path besideDaemon) throws Exception {
        int m = c.stepsBeforeFault();
        while (true) {
            String out = text.read();
            Matcher s = step.matcher(out);
            int done = 0;
            int total = Integer.MAX_VALUE;
            while (s.find()) {
                done++;
                total = Integer.parseInt(s.group(2));
            }
            int want = Math.min(m, total - 1);
            boolean due = want <= 0 ? System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(c.delayMillis())
                    : done >= want;
            if (due || finished.test()) {
                if (!due) {
                    notes.add("the apply ended before the fault was due");
                }
                int errOffset = errors.read().length();
                fault.strike(besideDaemon);
                return new Strike(done, out.length(), errOffset);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /**
     * The step the fault fell on: the first step that failed after it struck, else the first that completed after it
     * ("k/n node command"; steps on different nodes run at once, so this is by time, not by number).
     */
    static String stepHit(Strike strike, String out, String err, Pattern step, Pattern failed) {
        int total = 0;
        Matcher all = step.matcher(out);
        while (all.find()) {
            total = Integer.parseInt(all.group(2));
        }
        Matcher f = failed.matcher(err.length() >= strike.errOffset() ? err.substring(strike.errOffset()) : err);
        if (f.find()) {
            return short1(f.group(1) + "/" + (total == 0 ? "?" : total) + " FAILED " + f.group(2) + " " + f.group(3));
        }
        Matcher s = step.matcher(out.length() >= strike.outOffset() ? out.substring(strike.outOffset()) : "");
        if (s.find()) {
            return short1(s.group(1) + "/" + s.group(2) + " " + s.group(3) + " " + s.group(4));
        }
        return strike.done() == 0 && total == 0 ? "before any step (no step ran)"
                : "after step " + strike.done() + " of " + total + " (no step ran after it)";
    }

    private static String short1(String s) {
        String one = s.replace('"', '\'');
        return one.length() <= 90 ? one : one.substring(0, 87) + "...";
    }

    // ---- converging

    private Converger.Converge converge(Path spec) throws Exception {
        return converge(spec, allowDestroy());
    }

    private Converger.Converge converge(Path spec, boolean allowDestroy) throws Exception {
        Converger.Converge r = new Converger(lab, work.resolve("converge.log")).converge(spec, allowDestroy);
        applies += r.applies();
        String asked = r.converged() ? null : Converger.allowFormatAsked(r.reason());
        if (asked != null) {
            // an apply cut between lvcreate and mkfs leaves an LV lvmops will not format unasked: the operator's
            // answer, so that the next run starts from a converged fleet (this run stays not converged)
            Converger.Converge byOperator = new Converger(lab, work.resolve("converge.log"))
                    .converge(spec, allowDestroy, "--allow-format", asked);
            notes.add("operator: --allow-format " + asked + " -> " + (byOperator.converged() ? "converged"
                    : "still not converged: " + byOperator.reason()));
        }
        return r;
    }

    /** Every present LV of the target mapped on its owner only, absent ones nowhere, by the last samples. */
    private boolean placementRight(Fleet target, DmTimeline timeline) {
        Map<String, DmTimeline.Sample> latest = timeline.latest();
        boolean right = true;
        for (Fleet.Lv lv : target.lvs().values()) {
            String dm = lv.vg() + "-" + lv.name();
            for (String node : lab.nodeNames()) {
                DmTimeline.Sample s = latest.get(node);
                boolean mapped = s != null && s.mapped().containsValue(dm);
                boolean should = lv.present() && listed(target, lv) && node.equals(lv.owner());
                if (s == null || mapped != should) {
                    notes.add(String.format(Locale.ROOT, "placement: %s %s on %s", dm,
                            s == null ? "unknown" : mapped ? "mapped" : "not mapped", node));
                    right = false;
                }
            }
        }
        return right;
    }

    private static boolean listed(Fleet target, Fleet.Lv lv) {
        for (Fleet.Lv p : target.presentLvs()) {
            if (p.name().equals(lv.name())) {
                return true;
            }
        }
        return false;
    }

    private static void git(Path repo, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("git", "-c", "user.name=lvmops chaos",
                "-c", "user.email=chaos@lvmops.invalid", "-c", "commit.gpgsign=false"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).directory(repo.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("git " + String.join(" ", args) + ": " + out);
        }
    }
}
