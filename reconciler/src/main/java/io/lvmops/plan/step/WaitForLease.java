package io.lvmops.plan.step;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * guard: sanlock, old owner unreachable: activates exclusively on the new owner, retrying while LVM answers that
 * another host holds the LV's lease, until sanlock lets that lease expire (the dead host stops renewing it; sanlock
 * declares it dead after its host-dead timeout, ~140-150 s measured on the lab) or {@code deadlineSeconds} pass.
 * No {@code --assume-fenced} is needed: a live holder keeps renewing and the step simply fails at the deadline.
 *
 * @param expectedWaitSeconds what the plan tells the operator to expect
 * @param holder              the node believed to hold the lease
 */
public record WaitForLease(String node, String vg, String lv, String holder, int expectedWaitSeconds,
                           int deadlineSeconds, String reason) implements Step {
    /** sanlock's default host-dead timeout with io_timeout 10 s: 8 × io_timeout + renewal slack; measured 140-150 s. */
    public static final int EXPECTED_WAIT_SECONDS = 150;
    public static final int DEADLINE_SECONDS = 300;
    static final int RETRY_SECONDS = 5;

    static final String SCRIPT = "deadline=$(( $(date +%s) + $1 )); shift; "
            + "while :; do "
            + "out=$(\"$@\" 2>&1) && exit 0; "
            + "case $out in *'locked by other host'*|*'Failed to lock'*) ;; *) printf '%s\\n' \"$out\" >&2; exit 1;; esac; "
            + "if [ \"$(date +%s)\" -ge \"$deadline\" ]; then printf '%s\\n' \"$out\" >&2; "
            + "echo 'the lease was not released before the deadline' >&2; exit 4; fi; "
            + "sleep " + RETRY_SECONDS + "; done";

    @Override
    public Action action() {
        return Action.CHANGE;
    }

    @Override
    public List<String> argv() {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", SCRIPT, "lvmops-wait-for-lease",
                Integer.toString(deadlineSeconds)));
        argv.addAll(LvmCommands.activate(vg, lv, true));
        return List.copyOf(argv);
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(deadlineSeconds + 60L);
    }

    @Override
    public List<String> details() {
        return List.of("expected wait: ~" + expectedWaitSeconds + " s (sanlock's host-dead timeout for " + holder
                + "), gives up after " + deadlineSeconds + " s");
    }
}
