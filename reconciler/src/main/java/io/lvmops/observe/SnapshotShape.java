package io.lvmops.observe;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * What a snapshot's JSON must hold beyond its types, checked on the tree before it is mapped: every node named once
 * (a second entry for a node would silently replace the first), no negative size or count (a hand-edited
 * {@code -1} would read as "free space" or "no device"). Returns the first problem as {@code PATH: MESSAGE}.
 */
final class SnapshotShape {
    private SnapshotShape() {
    }

    static String problem(JsonNode tree) {
        JsonNode nodes = tree.get("nodes");
        if (nodes == null || !nodes.isArray()) {
            return "nodes: missing or not a list";
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode n = nodes.get(i);
            JsonNode name = n == null ? null : n.get("node");
            if (name == null || !name.isTextual() || name.asText().isBlank()) {
                return "nodes[" + i + "].node: missing, or not a node name";
            }
            if (!seen.add(name.asText())) {
                return "nodes[" + i + "].node: node '" + name.asText() + "' is in the snapshot twice";
            }
            if (n.get("reachable") == null || !n.get("reachable").isBoolean()) {
                return "nodes[" + i + "].reachable: missing, or not true/false";
            }
        }
        return negative(tree, "");
    }

    /** The first number below zero anywhere in the tree (sizes, counts, ids), as PATH: MESSAGE. */
    private static String negative(JsonNode node, String path) {
        if (node.isNumber() && node.asDouble() < 0) {
            return path + ": " + node.asText() + " is negative";
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String p = negative(node.get(i), path + "[" + i + "]");
                if (p != null) {
                    return p;
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String p = negative(f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey());
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }
}
