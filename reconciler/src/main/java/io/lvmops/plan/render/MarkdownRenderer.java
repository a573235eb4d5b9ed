package io.lvmops.plan.render;

import io.lvmops.plan.Blocked;
import io.lvmops.plan.Drift;
import io.lvmops.plan.Plan;
import io.lvmops.plan.step.Step;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** For a pull-request comment: the summary first, blocked and drift as lists, each node's steps in a details block. */
public final class MarkdownRenderer {

    public String render(Plan plan) {
        StringBuilder out = new StringBuilder();
        out.append("**").append(plan.summary().line()).append("**\n\n");
        out.append("Spec revision `").append(plan.specRevision() == null ? "unknown" : plan.specRevision())
                .append("`, observed state `").append(plan.fingerprint()).append("`\n");
        if (!plan.blocked().isEmpty()) {
            out.append("\n### Blocked\n\n");
            for (Blocked b : plan.blocked()) {
                out.append("- **").append(b.severity().name().toLowerCase(Locale.ROOT)).append("** `")
                        .append(b.subject()).append('`').append(b.node() == null ? "" : " on `" + b.node() + "`")
                        .append(": ").append(escape(b.reason())).append('\n');
            }
        }
        if (!plan.drift().isEmpty()) {
            out.append("\n### Drift\n\n");
            for (Drift d : plan.drift()) {
                out.append("- `").append(d.subject()).append('`').append(d.node() == null ? "" : " on `" + d.node()
                        + "`").append(": ").append(escape(d.message())).append('\n');
            }
        }
        Map<String, List<Integer>> byNode = new LinkedHashMap<>();
        for (int i = 0; i < plan.steps().size(); i++) {
            byNode.computeIfAbsent(plan.steps().get(i).node(), k -> new ArrayList<>()).add(i);
        }
        if (!byNode.isEmpty()) {
            out.append("\n### Steps\n");
        }
        for (Map.Entry<String, List<Integer>> e : byNode.entrySet()) {
            out.append("\n<details><summary>").append(e.getKey()).append(": ").append(e.getValue().size())
                    .append(e.getValue().size() == 1 ? " step" : " steps").append("</summary>\n\n```\n");
            for (int i : e.getValue()) {
                Step s = plan.steps().get(i);
                out.append(i + 1).append(' ').append(s.action().symbol()).append(' ').append(s.commandLine())
                        .append("\n    # ").append(s.reason()).append('\n');
                for (String detail : s.details()) {
                    out.append("    ").append(detail).append('\n');
                }
            }
            out.append("```\n\n</details>\n");
        }
        return out.toString();
    }

    private static String escape(String text) {
        return text.replace("<", "&lt;").replace(">", "&gt;");
    }
}
