package io.lvmops.chaos;

import io.lvmops.lab.Lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies a spec until {@code plan --detailed-exitcode} says "no changes" with no drift left, as an operator would
 * after a fault: apply while there are changes; while blocked or failing, wait and try again; give up after a bounded
 * number of tries with the plan's blocked items (or the apply's error) as the reason. A plan with drift it will not
 * correct by itself (no steps) is not converged either: that needs the operator. Every command's output is appended
 * to {@code log}.
 */
final class Converger {
    private static final Duration CLI = Duration.ofMinutes(12);
    private static final Pattern BLOCKED_LINE = Pattern.compile("(?m)^\\s+\\[(critical|warning|error)] (.*)$");
    private static final Pattern SUMMARY =
            Pattern.compile("Plan: (\\d+) to add, (\\d+) to change, (\\d+) to destroy, (\\d+) blocked\\.");
    private static final Pattern DRIFT = Pattern.compile("(?ms)^Drift\\n(.*?)(?:\\n\\n|\\z)");
    private static final Pattern ALLOW_FORMAT = Pattern.compile("--allow-format (\\S+?),");
    static final int TRIES = 8;
    static final Duration PAUSE = Duration.ofSeconds(15);

    /** @param reason null when converged; {@code seconds} is the time it took */
    record Converge(boolean converged, String reason, double seconds, int applies) {
    }

    private final Lab lab;
    private final Path log;

    Converger(Lab lab, Path log) {
        this.lab = lab;
        this.log = log;
    }

    Converge converge(Path spec, boolean allowDestroy, String... extra) throws Exception {
        long t0 = System.nanoTime();
        String reason = "no try";
        int applies = 0;
        for (int attempt = 0; attempt < TRIES; attempt++) {
            List<String> args = new ArrayList<>(List.of("plan", "--detailed-exitcode", spec.toString()));
            if (allowDestroy) {
                args.add("--allow-destroy");
            }
            args.addAll(List.of(extra));
            Lab.Result plan = run(args);
            if (plan.exitCode() == 0) {
                Matcher drift = DRIFT.matcher(plan.stdout());
                if (!drift.find()) {
                    return new Converge(true, null, (System.nanoTime() - t0) / 1e9, applies);
                }
                // nothing lvmops does by itself: the operator decides
                return new Converge(false, "drift left: " + drift.group(1).strip().replaceAll("\\s*\\n\\s*", "; "),
                        (System.nanoTime() - t0) / 1e9, applies);
            }
            if (plan.exitCode() == 2 || (plan.exitCode() == 1 && hasSteps(plan))) {
                args.set(0, "apply");
                args.set(1, "--auto-approve");
                Lab.Result apply = run(args);
                applies++;
                if (apply.exitCode() == 0) {
                    continue;
                }
                reason = "apply failed: " + error(apply);
            } else {
                reason = blocked(plan);
            }
            TimeUnit.MILLISECONDS.sleep(PAUSE.toMillis());
        }
        return new Converge(false, reason, (System.nanoTime() - t0) / 1e9, applies);
    }

    /** The --allow-format VG/LV a drift reason asks the operator for, or null. */
    static String allowFormatAsked(String reason) {
        Matcher m = reason == null ? null : ALLOW_FORMAT.matcher(reason);
        return m != null && m.find() ? m.group(1) : null;
    }

    private Lab.Result run(List<String> args) throws IOException {
        Lab.Result r = lab.lvmops(CLI, args.toArray(String[]::new));
        if (log != null) {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "$ lvmops " + String.join(" ", args) + "   (exit " + r.exitCode() + ")\n"
                    + r.stdout() + r.stderr() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return r;
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
        return items.isEmpty() ? "plan exit " + plan.exitCode() + ": " + error(plan) : String.join("; ", items);
    }

    /** The failed step and its message, else the first line that is not the lock notice. */
    static String error(Lab.Result r) {
        List<String> lines = r.stderr().lines().filter(l -> !l.isBlank()).toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("^\\[\\d+] FAILED on .*")) {
                String stderr = lines.stream().skip(i).filter(l -> l.strip().startsWith("stderr:")).findFirst()
                        .map(String::strip).orElse("");
                return lines.get(i) + (i + 1 < lines.size() ? " | " + lines.get(i + 1).strip() : "")
                        + (stderr.isEmpty() ? "" : " | " + stderr);
            }
        }
        return lines.stream().filter(l -> !l.startsWith("lvmops: locked")).findFirst().orElse("(no message)");
    }
}
