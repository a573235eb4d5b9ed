package io.lvmops.model;

/**
 * The node that holds a VG's lock and runs its metadata changes: the VG's {@code metadataNode} if the spec names
 * one, else the first node in spec order. The rule reads only the spec, never what is reachable, so two runs of the
 * same spec revision (CLI or daemon, from any machine) always pick the same node: a VG's lock cannot be taken on two
 * nodes at once. An unreachable lock node means no metadata change of that VG, not a fall-back to another node.
 *
 * <p>The rule is ambiguous when the first node in spec order is declared {@code fenced: true} (dead: it can hold no
 * lock); the spec must then name the VG's {@code metadataNode}, and a named metadata node must not be fenced. Spec
 * validation enforces both, with the file, line and column of the volume group.
 */
public final class LockNode {
    private LockNode() {
    }

    /** The name of the lock node of {@code vg} (a VG of {@code spec}). */
    public static String of(Spec spec, VolumeGroupSpec vg) {
        if (vg.metadataNode() != null) {
            return vg.metadataNode();
        }
        if (spec.nodes().isEmpty()) {
            throw new IllegalArgumentException("the spec has no node to hold the lock of " + vg.name());
        }
        return spec.nodes().get(0).name();
    }

    public static String fencedNamedMessage(String node, String vg) {
        return "node '" + node + "' is declared fenced (dead): it cannot hold the lock of volume group '" + vg
                + "'; name a live node";
    }

    public static String fencedFirstMessage(String node, String vg) {
        return "required: the first node in spec order, '" + node + "', is declared fenced (dead) and cannot hold "
                + "the lock of volume group '" + vg + "'; name the node that holds it";
    }
}
