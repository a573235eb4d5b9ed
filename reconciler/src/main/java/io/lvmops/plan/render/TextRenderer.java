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
        out.append("Spec revision: ").append(plan.specRevision() == null ? "(unknown)" : p(plan.specRevision()))
                .append('\n');
        out.append("Observed state: ").append(p(plan.fingerprint())).append('\n');
        Map<String, List<Integer>> byNode = new LinkedHashMap<>();
        for (int i = 0; i < plan.steps().size(); i++) {
            byNode.computeIfAbsent(plan.steps().get(i).node(), k -> new ArrayList<>()).add(i);
        }
        int width = String.valueOf(plan.steps().size()).length();
        for (Map.Entry<String, List<Integer>> e : byNode.entrySet()) {
            out.append('\n').append(bold("node " + p(e.getKey()))).append('\n');
            for (int i : e.getValue()) {
                Step s = plan.steps().get(i);
                String symbol = String.valueOf(s.action().symbol());
                out.append("  ").append(String.format("%" + width + "d", i + 1)).append(' ')
                        .append(paint(symbol, colorOf(s))).append(' ').append(p(s.commandLine())).append('\n');
                out.append("  ").append(" ".repeat(width)).append("     # ").append(p(s.reason())).append('\n');
                for (String detail : s.details()) {
                    out.append("  ").append(" ".repeat(width)).append("     ").append(p(detail)).append('\n');
                }
            }
        }
        if (!plan.drift().isEmpty()) {
            out.append('\n').append(bold("Drift")).append('\n');
            for (Drift d : plan.drift()) {
                out.append("  ").append(p(d.subject())).append(d.node() == null ? "" : " on " + p(d.node())).append(": ")
                        .append(p(d.message())).append('\n');
            }
        }
        if (!plan.blocked().isEmpty()) {
            out.append('\n').append(bold("Blocked")).append('\n');
            for (Blocked b : plan.blocked()) {
                String severity = b.severity().name().toLowerCase(java.util.Locale.ROOT);
                out.append("  ").append(paint("[" + severity + "]", b.severity() == io.lvmops.plan.Severity.WARNING
                                ? "33" : "31;1")).append(' ').append(p(b.subject()))
                        .append(b.node() == null ? "" : " (" + p(b.node()) + ")").append(": ").append(p(b.reason()))
                        .append('\n');
            }
        }
        out.append('\n').append(bold(plan.summary().line())).append('\n');
        return out.toString();
    }

    /** Every value printed goes through here: see {@link Printable}. */
    private static String p(String value) {
        return Printable.of(value);
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
