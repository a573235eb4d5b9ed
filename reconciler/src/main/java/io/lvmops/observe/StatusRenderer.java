package io.lvmops.observe;

import io.lvmops.plan.render.Printable;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders {@link FleetStatus} as the text table of {@code lvmops status}. Flagged rows carry a "!!" marker and
 * their reason whatever the terminal; {@code colour} only adds ANSI red on top.
 */
public final class StatusRenderer {
    private static final String RED = "\u001B[1;31m";
    private static final String YELLOW = "\u001B[33m";
    private static final String RESET = "\u001B[0m";

    private StatusRenderer() {
    }

    public static String render(FleetStatus status, boolean colour) {
        List<String> header = new ArrayList<>(List.of("", "LV", "SIZE", "OWNER"));
        status.nodes().forEach(c -> header.add(Printable.of(c.node())));
        List<List<String>> table = new ArrayList<>();
        table.add(header);
        for (FleetStatus.Row r : status.rows()) {
            List<String> line = new ArrayList<>(List.of(r.flagged() ? "!!" : "", Printable.of(r.fullName()),
                    FleetStatus.size(r.sizeBytes()), r.owner() == null ? "(undeclared)" : Printable.of(r.owner())));
            r.cells().values().forEach(c -> line.add(Printable.of(cell(c))));
            table.add(line);
        }
        int[] widths = new int[header.size()];
        widths[0] = 2; // the "!!" column keeps its place so that the layout does not jump
        for (List<String> line : table) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int l = 0; l < table.size(); l++) {
            boolean flagged = l > 0 && status.rows().get(l - 1).flagged();
            StringBuilder row = new StringBuilder();
            List<String> line = table.get(l);
            for (int i = 0; i < line.size(); i++) {
                String v = line.get(i);
                row.append(i == line.size() - 1 ? v : pad(v, widths[i])).append(i == line.size() - 1 ? "" : "  ");
            }
            String text = row.toString().stripTrailing();
            out.append(colour && flagged ? RED + text + RESET : text).append('\n');
        }
        if (status.rows().isEmpty()) {
            out.append("(the spec declares no logical volumes)\n");
        }
        if (status.guard() != null) {
            StringBuilder guard = new StringBuilder();
            GuardText.append(guard, status.guard());
            // its values (tags, lock types) come from the nodes: each line printable
            guard.toString().lines().forEach(l -> out.append(Printable.of(l)).append('\n'));
        }
        if (!status.problems().isEmpty()) {
            out.append('\n');
            for (String p : status.problems()) {
                String text = "!! " + Printable.of(p);
                out.append(colour ? (p.contains(" is unreachable") ? YELLOW : RED) + text + RESET : text).append('\n');
            }
        }
        return out.toString();
    }

    static String cell(FleetStatus.Cell c) {
        return switch (c.state()) {
            case UNKNOWN -> "unreachable";
            case BLIND -> "unknown";
            case MISSING -> "missing";
            case INACTIVE -> "-";
            case POSSIBLY_ACTIVE -> "active?";
            case ACTIVE -> "active";
            case OPEN -> c.mountPoints().isEmpty() ? "open" : "mounted " + String.join(",", c.mountPoints());
        };
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
