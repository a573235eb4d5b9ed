package io.lvmops.plan;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.util.Set;

/**
 * @param allowDestroy  remove LVs whose spec says {@code state: absent}
 * @param assumeFenced  nodes the operator declares dead and fenced (like {@code fenced: true} in the spec)
 * @param forceHandover unmount an LV mounted on a node that does not own it before deactivating it there
 * @param allowFormat   existing LVs ("vg/lv") the operator allows lvmops to format when no filesystem is recognised
 *                      on them (and the node-side blank proof passes); an LV created by the same apply needs none
 */
public record PlanOptions(boolean allowDestroy, Set<String> assumeFenced, boolean forceHandover,
                          Set<String> allowFormat) {
    public static final PlanOptions DEFAULT = new PlanOptions(false, Set.of(), false);

    @JsonCreator
    public PlanOptions {
        assumeFenced = Set.copyOf(assumeFenced == null ? Set.of() : assumeFenced);
        // sorted: a saved plan lists them in a stable order
        allowFormat = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(allowFormat == null
                ? Set.of() : allowFormat));
    }

    public PlanOptions(boolean allowDestroy, Set<String> assumeFenced, boolean forceHandover) {
        this(allowDestroy, assumeFenced, forceHandover, Set.of());
    }
}
