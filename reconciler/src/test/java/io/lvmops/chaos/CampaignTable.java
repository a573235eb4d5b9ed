package io.lvmops.chaos;

import io.lvmops.chaos.Choices.Fault;
import io.lvmops.chaos.Choices.Workload;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The campaign's figures as Markdown: the totals, runs per workload × fault, applies to converge, blocked runs. */
final class CampaignTable {
    private CampaignTable() {
    }

    static String markdown(List<RunResult> results) {
        StringBuilder md = new StringBuilder();
        long doubles = results.stream().mapToLong(r -> r.doubleMappings().size()).sum();
        long lost = results.stream().filter(r -> r.recordsLost() > 0).mapToLong(RunResult::recordsLost).sum();
        long unread = results.stream().filter(r -> r.recordsLost() < 0).count();
        long acked = results.stream().mapToLong(RunResult::recordsAcked).sum();
        long converged = results.stream().filter(RunResult::converged).count();
        long failed = results.stream().filter(RunResult::failed).count();
        md.append(String.format(Locale.ROOT, """
                | runs | double mappings | records lost (of acknowledged) | records not readable | converged | blocked | failed runs |
                | --- | --- | --- | --- | --- | --- | --- |
                | %d | %d | %d of %d | %d run(s) | %d | %d | %d |

                """, results.size(), doubles, lost, acked, unread, converged, results.size() - converged, failed));

        md.append("Runs per workload (rows) and fault (columns):\n\n| workload |");
        for (Fault f : Fault.values()) {
            md.append(' ').append(f.label()).append(" |");
        }
        md.append(" total |\n| --- |").append(" --- |".repeat(Fault.values().length + 1)).append('\n');
        for (Workload w : Workload.values()) {
            md.append("| ").append(w.label()).append(" |");
            int total = 0;
            for (Fault f : Fault.values()) {
                long n = results.stream().filter(r -> r.choices().workload() == w && r.choices().fault() == f)
                        .count();
                total += (int) n;
                md.append(' ').append(n).append(" |");
            }
            md.append(' ').append(total).append(" |\n");
        }

        Map<Integer, Integer> byApplies = new TreeMap<>();
        results.stream().filter(RunResult::converged).forEach(r -> byApplies.merge(r.applies(), 1, Integer::sum));
        md.append("\nConverged runs by the number of applies they took (the faulted apply included):\n\n");
        md.append("| applies | runs |\n| --- | --- |\n");
        byApplies.forEach((a, n) -> md.append("| ").append(a).append(" | ").append(n).append(" |\n"));

        double[] toConverge = results.stream().filter(RunResult::converged)
                .mapToDouble(RunResult::secondsToConverge).sorted().toArray();
        double[] runTimes = results.stream().mapToDouble(RunResult::seconds).sorted().toArray();
        md.append(String.format(Locale.ROOT, """

                | | median | max |
                | --- | --- | --- |
                | time to converge after the fault was healed | %s | %s |
                | whole run (setup, workload, fault, heal, converge, checks) | %s | %s |
                """, seconds(median(toConverge)), seconds(max(toConverge)), seconds(median(runTimes)),
                seconds(max(runTimes))));

        List<RunResult> blocked = results.stream().filter(r -> !r.converged()).toList();
        if (!blocked.isEmpty()) {
            md.append("\nRuns left blocked:\n\n| seed | workload | fault | reason |\n| --- | --- | --- | --- |\n");
            blocked.forEach(r -> md.append("| ").append(r.choices().seed()).append(" | ")
                    .append(r.choices().workload().label()).append('/').append(r.choices().guard().label())
                    .append(" | ").append(r.choices().fault().label()).append(" | ")
                    .append(r.blockedReason().replace("|", "\\|")).append(" |\n"));
        }
        md.append("\nEvery run:\n\n```\n");
        results.forEach(r -> md.append(r.line()).append('\n'));
        md.append("```\n");
        return md.toString();
    }

    private static double median(double[] sorted) {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    private static double max(double[] sorted) {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }

    private static String seconds(double s) {
        return Double.isNaN(s) ? "–" : String.format(Locale.ROOT, "%.0f s", s);
    }
}
