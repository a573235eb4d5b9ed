package io.lvmops.git.diff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link SpecDiff} for people (text, Markdown for a pull-request comment) and for programs (JSON).
 * One line per change: {@code lv01: owner node1 → node2}, {@code + lv03 (vg0, 5G, node2)},
 * {@code - lv04 (state: absent)}, with {@code [needs --allow-destroy]} / {@code [refused by plan]} flags.
 */
public final class DiffRenderer {
    private final List<SpecChange> changes;
    private final String base;
    private final String head;
    private final Map<String, Integer> lvNameCount = new HashMap<>();
    private String arrow = "→";

    /** {@code base}/{@code head}: what was compared, e.g. {@code main@sha1:…} or a path. */
    public DiffRenderer(List<SpecChange> changes, String base, String head) {
        this.changes = List.copyOf(changes);
        this.base = base;
        this.head = head;
        for (SpecChange c : changes) {
            if (c.kind() == ElementKind.LOGICAL_VOLUME) {
                lvNameCount.merge(shortName(c.name()), 1, Integer::sum);
            }
        }
    }

    /**
     * Uses {@code ->} instead of {@code →} (for an output that cannot encode it, e.g. a C locale in a CI job); JSON
     * and Markdown are unaffected by the locale's limits only if the output is UTF-8, so they follow it too.
     */
    public DiffRenderer asciiArrows(boolean ascii) {
        this.arrow = ascii ? "->" : "→";
        return this;
    }

    /** The change's line, without flags or notes. */
    public String line(SpecChange c) {
        String label = label(c);
        if (c instanceof SpecChange.Added a) {
            return "+ " + label + " (" + a.description() + ")";
        }
        if (c instanceof SpecChange.Removed r) {
            return "- " + label + " (" + r.description() + ")";
        }
        SpecChange.Modified m = (SpecChange.Modified) c;
        return label + ": " + String.join(", ", m.fields().stream()
                .map(f -> f.field() + " " + f.oldValue() + " " + arrow + " " + f.newValue()).toList());
    }

    public String flags(SpecChange c) {
        return (c.needsAllowDestroy() ? "  [needs --allow-destroy]" : "")
                + (c.refusedByPlan() ? "  [refused by plan]" : "");
    }

    public String summary() {
        if (changes.isEmpty()) {
            return "No differences.";
        }
        long added = changes.stream().filter(c -> c instanceof SpecChange.Added).count();
        long removed = changes.stream().filter(c -> c instanceof SpecChange.Removed).count();
        long modified = changes.size() - added - removed;
        long destroy = changes.stream().filter(SpecChange::needsAllowDestroy).count();
        long refused = changes.stream().filter(SpecChange::refusedByPlan).count();
        return changes.size() + (changes.size() == 1 ? " change" : " changes") + ": " + added + " added, "
                + modified + " changed, " + removed + " removed"
                + (destroy > 0 ? "; " + destroy + " need" + (destroy == 1 ? "s" : "") + " --allow-destroy" : "")
                + (refused > 0 ? "; " + refused + " refused by plan" : "") + ".";
    }

    public String text() {
        StringBuilder s = new StringBuilder();
        s.append("Spec diff ").append(base).append(' ').append(arrow).append(' ').append(head).append('\n');
        for (SpecChange c : changes) {
            s.append(line(c)).append(flags(c)).append('\n');
            for (String note : c.notes()) {
                s.append("    ").append(note).append('\n');
            }
        }
        return s.append(summary()).append('\n').toString();
    }

    public String markdown() {
        StringBuilder s = new StringBuilder();
        s.append("### lvmops spec diff\n\n`").append(base).append("` ").append(arrow).append(" `").append(head).append("`\n\n");
        s.append("**").append(summary()).append("**\n");
        if (!changes.isEmpty()) {
            s.append('\n');
        }
        for (SpecChange c : changes) {
            s.append("- `").append(line(c)).append('`');
            if (c.needsAllowDestroy()) {
                s.append(" :warning: **needs `--allow-destroy`**");
            }
            if (c.refusedByPlan()) {
                s.append(" :no_entry: **refused by plan**");
            }
            for (String note : c.notes()) {
                s.append("<br>").append(note.replace("|", "\\|"));
            }
            s.append('\n');
        }
        return s.toString();
    }

    public String json() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("base", base);
        root.put("head", head);
        ArrayNode list = root.putArray("changes");
        for (SpecChange c : changes) {
            ObjectNode o = list.addObject();
            o.put("op", c instanceof SpecChange.Added ? "added" : c instanceof SpecChange.Removed ? "removed" : "changed");
            o.put("kind", switch (c.kind()) {
                case NODE -> "node";
                case DEVICE -> "device";
                case VOLUME_GROUP -> "volumeGroup";
                case LOGICAL_VOLUME -> "logicalVolume";
            });
            o.put("name", c.name());
            if (c instanceof SpecChange.Modified m) {
                ArrayNode fields = o.putArray("fields");
                for (FieldChange f : m.fields()) {
                    fields.addObject().put("field", f.field()).put("old", f.oldValue()).put("new", f.newValue());
                }
            }
            o.put("needsAllowDestroy", c.needsAllowDestroy());
            o.put("refusedByPlan", c.refusedByPlan());
            o.put("text", line(c));
            ArrayNode notes = o.putArray("notes");
            c.notes().forEach(notes::add);
        }
        ObjectNode summary = root.putObject("summary");
        summary.put("changes", changes.size());
        summary.put("needsAllowDestroy", changes.stream().filter(SpecChange::needsAllowDestroy).count());
        summary.put("refusedByPlan", changes.stream().filter(SpecChange::refusedByPlan).count());
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String label(SpecChange c) {
        if (c.kind() == ElementKind.LOGICAL_VOLUME) {
            String shortName = shortName(c.name());
            // lv01 as a reviewer reads it; vg0/lv01 when two VGs in the diff have an lv01.
            return lvNameCount.getOrDefault(shortName, 0) > 1 ? c.name() : shortName;
        }
        return c.kind().label() + " " + c.name();
    }

    private static String shortName(String fullName) {
        return fullName.substring(fullName.indexOf('/') + 1);
    }
}
