package io.lvmops.plan;

import java.util.Set;

/**
 * @param allowDestroy  remove LVs whose spec says {@code state: absent}
 * @param assumeFenced  nodes the operator declares dead and fenced (like {@code fenced: true} in the spec)
 * @param forceHandover unmount an LV mounted on a non-owner before deactivating it there
 */
public record PlanOptions(boolean allowDestroy, Set<String> assumeFenced, boolean forceHandover) {
    public static final PlanOptions DEFAULT = new PlanOptions(false, Set.of(), false);

    public PlanOptions {
        assumeFenced = Set.copyOf(assumeFenced == null ? Set.of() : assumeFenced);
    }
}
