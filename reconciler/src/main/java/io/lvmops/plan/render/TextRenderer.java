package io.lvmops.plan.render;

import io.lvmops.plan.Blocked;
import io.lvmops.plan.Drift;
import io.lvmops.plan.Plan;
import io.lvmops.plan.step.Step;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Terraform-style text: steps grouped by node (numbered in execution order, since the order across nodes matters),
 * each with its symbol, command line and reason; drift and blocked items apart; the summary line last. ANSI colours
 * only when asked (the CLI asks when stdout is a terminal).
 */
public final class TextRenderer {
    private static final String RESET = "\u001b[0m";
    private final boolean color;

    public TextRenderer(boolean color) {
        this.color = color;
    }

    public String render(Plan plan) {
        StringBuilder out = new StringBuilder();
        out.append("Spec revision: ").append(plan.specRevision() == null ? "(unknown)" : plan.specRevision())
                .append('\n');
        out.append("Observed state: ").append(plan.fingerprint()).append('\n');
        Map<String, List<Integer>> byNode = new LinkedHashMap<>();
        for (int i = 0; i < plan.steps().size(); i++) {
            byNode.computeIfAbsent(plan.steps().get(i).node(), k -> new ArrayList<>()).add(i);
        }
        int width = String.valueOf(plan.steps().size()).length();
        for (Map.Entry<String, List<Integer>> e : byNode.entrySet()) {
            out.append('\n').append(bold("node " + e.getKey())).append('\n');
            for (int i : e.getValue()) {
                Step s = plan.steps().get(i);
                String symbol = String.valueOf(s.action().symbol());
                out.append("  ").append(String.format("%" + width + "d", i + 1)).append(' ')
                        .append(paint(symbol, colorOf(s))).append(' ').append(s.commandLine()).append('\n');
                out.append("  ").append(" ".repeat(width)).append("     # ").append(s.reason()).append('\n');
                for (String detail : s.details()) {
                    out.append("  ").append(" ".repeat(width)).append("     ").append(detail).append('\n');
                }
            }
        }
        if (!plan.drift().isEmpty()) {
            out.append('\n').append(bold("Drift")).append('\n');
            for (Drift d : plan.drift()) {
                out.append("  ").append(d.subject()).append(d.node() == null ? "" : " on " + d.node()).append(": ")
                        .append(d.message()).append('\n');
            }
        }
        if (!plan.blocked().isEmpty()) {
            out.append('\n').append(bold("Blocked")).append('\n');
            for (Blocked b : plan.blocked()) {
                String severity = b.severity().name().toLowerCase(java.util.Locale.ROOT);
                out.append("  ").append(paint("[" + severity + "]", b.severity() == io.lvmops.plan.Severity.WARNING
                                ? "33" : "31;1")).append(' ').append(b.subject())
                        .append(b.node() == null ? "" : " (" + b.node() + ")").append(": ").append(b.reason())
                        .append('\n');
            }
        }
        out.append('\n').append(bold(plan.summary().line())).append('\n');
        return out.toString();
    }

    private static String colorOf(Step s) {
        return switch (s.action()) {
            case CREATE -> "32";
            case CHANGE -> "33";
            case DESTROY -> "31";
            case VERIFY -> "36";
        };
    }

    private String paint(String text, String code) {
        return color ? "\u001b[" + code + "m" + text + RESET : text;
    }

    private String bold(String text) {
        return paint(text, "1");
    }
}
