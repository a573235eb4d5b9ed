package io.lvmops.chaos;

import io.lvmops.lab.Lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies a spec until {@code plan --detailed-exitcode} says "no changes", as an operator would after a fault:
 * apply while there are changes; while blocked or failing, wait and try again; give up after a bounded number of
 * tries with the plan's blocked items (or the apply's error) as the reason.
 */
final class Converger {
    private static final Duration CLI = Duration.ofMinutes(12);
    private static final Pattern BLOCKED_LINE = Pattern.compile("(?m)^\\s+\\[(critical|warning)] (.*)$");
    private static final Pattern SUMMARY =
            Pattern.compile("Plan: (\\d+) to add, (\\d+) to change, (\\d+) to destroy, (\\d+) blocked\\.");
    static final int TRIES = 8;
    static final Duration PAUSE = Duration.ofSeconds(15);

    /** @param reason null when converged; {@code seconds} is the time it took */
    record Converge(boolean converged, String reason, double seconds, int applies) {
    }

    private final Lab lab;

    Converger(Lab lab) {
        this.lab = lab;
    }

    Converge converge(Path spec, boolean allowDestroy) throws Exception {
        long t0 = System.nanoTime();
        String reason = "no try";
        int applies = 0;
        for (int attempt = 0; attempt < TRIES; attempt++) {
            List<String> args = new ArrayList<>(List.of("plan", "--detailed-exitcode", spec.toString()));
            if (allowDestroy) {
                args.add("--allow-destroy");
            }
            Lab.Result plan = lab.lvmops(CLI, args.toArray(String[]::new));
            if (plan.exitCode() == 0) {
                return new Converge(true, null, (System.nanoTime() - t0) / 1e9, applies);
            }
            if (plan.exitCode() == 2 || (plan.exitCode() == 1 && hasSteps(plan))) {
                args.set(0, "apply");
                args.set(1, "--auto-approve");
                Lab.Result apply = lab.lvmops(CLI, args.toArray(String[]::new));
                applies++;
                if (apply.exitCode() == 0) {
                    continue;
                }
                reason = "apply failed: " + firstError(apply);
            } else {
                reason = blocked(plan);
            }
            TimeUnit.MILLISECONDS.sleep(PAUSE.toMillis());
        }
        return new Converge(false, reason, (System.nanoTime() - t0) / 1e9, applies);
    }

    /** A plan with blocked items exits 1 but may still have steps (a warning's hold lifts after them). */
    static boolean hasSteps(Lab.Result plan) {
        Matcher m = SUMMARY.matcher(plan.stdout());
        return m.find() && Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(3)) > 0;
    }

    static String blocked(Lab.Result plan) {
        Matcher m = BLOCKED_LINE.matcher(plan.stdout());
        List<String> items = new ArrayList<>();
        while (m.find()) {
            items.add(m.group(2));
        }
        return items.isEmpty() ? "plan exit " + plan.exitCode() + ": " + firstError(plan) : String.join("; ", items);
    }

    static String firstError(Lab.Result r) {
        return r.stderr().lines().filter(l -> !l.isBlank()).findFirst().orElse("(no message)");
    }
}
