package io.lvmops.git.diff;

import java.util.List;

/**
 * One semantic difference between two specs. {@link #needsAllowDestroy()}: applying it removes data and needs
 * {@code apply --allow-destroy}; {@link #refusedByPlan()}: the planner will not do it (e.g. a shrink) and reports it
 * as blocked; {@link #notes()} say why, for a reviewer.
 */
public sealed interface SpecChange {
    ElementKind kind();

    /** The element's name; {@code vg/lv} for a logical volume. */
    String name();

    List<String> notes();

    boolean needsAllowDestroy();

    boolean refusedByPlan();

    /** An element in the new spec only; {@code description} e.g. {@code vg0, 5G, node2}. */
    record Added(ElementKind kind, String name, String description, List<String> notes, boolean needsAllowDestroy,
                 boolean refusedByPlan) implements SpecChange {
        public Added {
            notes = List.copyOf(notes);
        }
    }

    /** An element in the old spec only. */
    record Removed(ElementKind kind, String name, String description, List<String> notes, boolean needsAllowDestroy,
                   boolean refusedByPlan) implements SpecChange {
        public Removed {
            notes = List.copyOf(notes);
        }
    }

    /** An element in both, with at least one field changed. */
    record Modified(ElementKind kind, String name, List<FieldChange> fields, List<String> notes,
                    boolean needsAllowDestroy, boolean refusedByPlan) implements SpecChange {
        public Modified {
            fields = List.copyOf(fields);
            notes = List.copyOf(notes);
        }
    }
}
