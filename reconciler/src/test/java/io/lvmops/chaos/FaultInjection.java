package io.lvmops.chaos;

import io.lvmops.lab.Lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One fault, struck on one node at the chosen moment of an apply, and its healing. */
final class FaultInjection {
    /**
     * For the given seconds, kills every SSH session on the node every 0.2 s (an idle one too: lvmops keeps its
     * connection between steps), but the campaign's own (sampler, writer, this: marked CHAOS_KEEP). Each cut is a line
     * in /run/chaos-cut.log.
     */
    static String cutSessions(int seconds) {
        return "CHAOS_KEEP=1; : >/run/chaos-cut.log; (nohup sh -c 'CHAOS_KEEP=1 CHAOS_CUTTER=1; end=$(($(date +%s)+"
                + seconds + ")); while [ $(date +%s) -lt $end ]; do for p in $(pgrep -f \"^sshd: root@notty\"); do"
                + " keep=0; for c in $(pgrep -P $p); do grep -qa CHAOS_KEEP /proc/$c/cmdline 2>/dev/null && keep=1;"
                + " done; [ $keep = 1 ] || { kill -9 $p && echo cut $p; }; done; sleep 0.2; done'"
                + " >>/run/chaos-cut.log 2>&1 </dev/null &)";
    }
    static final String BLIND = "sed -i 's/^devices {/devices {\\n\\tglobal_filter = [ \"r|.*|\" ] # chaos-blind/'"
            + " /etc/lvm/lvm.conf";
    static final String SEE_AGAIN = "sed -i '/# chaos-blind$/d' /etc/lvm/lvm.conf";

    private final Lab lab;
    private final Choices.Fault fault;
    private final String node;
    private final Path work;
    private final String iscsiPort;
    private final int holdSeconds;
    private final String rogueLv;
    private final List<String> cliApply;
    private final List<String> notes = new ArrayList<>();
    private Process second;
    private boolean struck;

    /**
     * @param cliApply the lvmops arguments of the run's apply (a concurrent apply, or the CLI apply beside the daemon)
     * @param rogueLv  VG/LV the rogue activates on {@code node}
     */
    FaultInjection(Lab lab, Choices.Fault fault, String node, Path work, String iscsiPort, int holdSeconds,
                   String rogueLv, List<String> cliApply) {
        this.lab = lab;
        this.fault = fault;
        this.node = node;
        this.work = work;
        this.iscsiPort = iscsiPort;
        this.holdSeconds = holdSeconds;
        this.rogueLv = rogueLv;
        this.cliApply = cliApply;
    }

    List<String> notes() {
        return notes;
    }

    /** @param daemonConfig for {@link Choices.Fault#DAEMON_AND_CLI} beside a CLI apply: the daemon to start */
    void strike(Path daemonConfig) throws IOException {
        struck = true;
        switch (fault) {
            case POWER_OFF -> lab.stop(node);
            case SSH_CUT -> lab.sshOk(node, cutSessions(holdSeconds));
            case PATH_LOSS -> lab.sshOk(node, "CHAOS_KEEP=1; " + portalRules("-I") + " && (nohup sh -c 'sleep "
                    + holdSeconds + "; " + portalRules("-D") + "' >/dev/null 2>&1 </dev/null &)");
            case LVM_BLIND -> lab.sshOk(node, BLIND);
            case CONCURRENT_APPLY -> second = lab.startLvmops(work.resolve("second.out"), work.resolve("second.err"),
                    cliApply.toArray(String[]::new));
            case DAEMON_AND_CLI -> second = daemonConfig == null
                    ? lab.startLvmops(work.resolve("second.out"), work.resolve("second.err"),
                    cliApply.toArray(String[]::new))
                    : ChaosDaemon.start(lab, daemonConfig, work.resolve("beside-daemon.out"),
                    work.resolve("beside-daemon.log"));
            case ROGUE_ACTIVATION -> lab.sshOk(node, "CHAOS_KEEP=1; (nohup sh -c 'CHAOS_ROGUE=1; for i in $(seq 60);"
                    + " do lvm lvchange -ay " + rogueLv + " && echo activated; lvm vgchange -ay " + rogueLv.split("/")[0]
                    + "; sleep 0.5; done' >/run/chaos-rogue.log 2>&1 </dev/null &)");
        }
    }

    private String portalRules(String op) {
        return "iptables " + op + " OUTPUT -p tcp --dport " + iscsiPort + " -j DROP; iptables " + op
                + " INPUT -p tcp --sport " + iscsiPort + " -j DROP";
    }

    /** Undoes the fault: the node boots, the path comes back, the rogue and the second writer of plans stop. */
    void heal() throws Exception {
        if (!struck) {
            return;
        }
        struck = false;
        switch (fault) {
            case POWER_OFF -> lab.start(node);
            case SSH_CUT -> {
                Lab.Result r = lab.ssh(node, "CHAOS_KEEP=1; pkill -f 'CHAOS_CUTTE[R]'; grep -c '^cut' /run/chaos-cut.log");
                notes.add("ssh sessions cut on " + node + " (for up to " + holdSeconds + " s): " + r.stdout().trim());
            }
            case PATH_LOSS -> {
                lab.sshOk(node, "CHAOS_KEEP=1; while iptables -D OUTPUT -p tcp --dport " + iscsiPort
                        + " -j DROP 2>/dev/null; do :; done; while iptables -D INPUT -p tcp --sport " + iscsiPort
                        + " -j DROP 2>/dev/null; do :; done; true");
                // the session recovers by itself once the portal answers; give multipath a moment to reinstate
                lab.ssh(node, "for i in $(seq 60); do iscsiadm -m session -P 3 2>/dev/null | grep -q"
                        + " 'iSCSI Session State: LOGGED_IN' && ! iscsiadm -m session -P 3 | grep -q 'FAILED'"
                        + " && break; sleep 1; done; multipath -r >/dev/null 2>&1; udevadm settle; true");
            }
            case LVM_BLIND -> lab.sshOk(node, SEE_AGAIN);
            case CONCURRENT_APPLY, DAEMON_AND_CLI -> stopSecond();
            case ROGUE_ACTIVATION -> {
                Lab.Result r = lab.ssh(node, "pkill -f 'CHAOS_ROGU[E]'; grep -c activated /run/chaos-rogue.log");
                notes.add("rogue lvchange -ay succeeded " + r.stdout().trim() + " time(s) on " + node);
            }
        }
    }

    private void stopSecond() throws Exception {
        if (second == null) {
            return;
        }
        boolean daemon = Files.exists(work.resolve("beside-daemon.log"));
        if (daemon) {
            second.destroy();
        }
        if (!second.waitFor(daemon ? 3 : 12, TimeUnit.MINUTES)) {
            notes.add("HANG: the " + (daemon ? "daemon beside the apply" : "concurrent apply") + " did not end");
            second.descendants().forEach(ProcessHandle::destroyForcibly);
            second.destroyForcibly();
            return;
        }
        if (daemon) {
            String log = Files.readString(work.resolve("beside-daemon.log"));
            notes.add("daemon beside the apply: " + log.lines().filter(l -> l.contains("event=apply_started")).count()
                    + " apply(ies), " + log.lines().filter(l -> l.contains("event=step_failed")).count()
                    + " failed step(s)");
        } else {
            String err = Files.readString(work.resolve("second.err"));
            notes.add("concurrent apply exit " + second.exitValue() + ": " + err.lines()
                    .filter(l -> l.startsWith("lvmops:")).findFirst().orElse(err.lines().findFirst().orElse("")));
        }
    }
}
