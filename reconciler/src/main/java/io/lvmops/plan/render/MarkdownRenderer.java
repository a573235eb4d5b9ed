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
        out.append("Spec revision ").append(code(plan.specRevision() == null ? "unknown" : plan.specRevision()))
                .append(", observed state ").append(code(plan.fingerprint())).append("\n");
        if (!plan.blocked().isEmpty()) {
            out.append("\n### Blocked\n\n");
            for (Blocked b : plan.blocked()) {
                out.append("- **").append(b.severity().name().toLowerCase(Locale.ROOT)).append("** ")
                        .append(code(b.subject())).append(b.node() == null ? "" : " on " + code(b.node()))
                        .append(": ").append(escape(b.reason())).append('\n');
            }
        }
        if (!plan.drift().isEmpty()) {
            out.append("\n### Drift\n\n");
            for (Drift d : plan.drift()) {
                out.append("- ").append(code(d.subject())).append(d.node() == null ? "" : " on " + code(d.node()))
                        .append(": ").append(escape(d.message())).append('\n');
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
            StringBuilder block = new StringBuilder();
            for (int i : e.getValue()) {
                Step s = plan.steps().get(i);
                block.append(i + 1).append(' ').append(s.action().symbol()).append(' ')
                        .append(Printable.of(s.commandLine())).append("\n    # ").append(Printable.of(s.reason()))
                        .append('\n');
                for (String detail : s.details()) {
                    block.append("    ").append(Printable.of(detail)).append('\n');
                }
            }
            // a fence longer than any run of backticks inside: no value can close the block early
            String fence = "`".repeat(Math.max(3, longestRun(block, '`') + 1));
            out.append("\n<details><summary>").append(escape(e.getKey())).append(": ").append(e.getValue().size())
                    .append(e.getValue().size() == 1 ? " step" : " steps").append("</summary>\n\n")
                    .append(fence).append('\n').append(block).append(fence).append("\n\n</details>\n");
        }
        return out.toString();
    }

    /** Text outside code: control characters escaped, HTML and Markdown punctuation shown literally. */
    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : Printable.of(text).toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\\', '`', '*', '_', '[', ']', '|', '#', '~' -> out.append('\\').append(c);
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** An inline code span that shows {@code text} exactly (CommonMark: a longer backtick run than any inside). */
    static String code(String text) {
        String value = Printable.of(text);
        String ticks = "`".repeat(longestRun(value, '`') + 1);
        boolean pad = value.startsWith("`") || value.endsWith("`") || value.isBlank();
        return ticks + (pad ? " " : "") + value + (pad ? " " : "") + ticks;
    }

    private static int longestRun(CharSequence text, char c) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == c ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
