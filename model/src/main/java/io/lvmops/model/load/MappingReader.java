package io.lvmops.model.load;

import io.lvmops.model.Size;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Typed, error-collecting access to one YAML mapping of a known kind (see {@link SpecFields}). On construction it
 * reports unknown keys (with a suggestion), duplicate keys and missing required keys; each getter reports a value
 * of the wrong type and returns a {@link Located} whose value is null when the key is absent or its value bad.
 */
final class MappingReader {
    private final String file;
    private final String path;
    private final MappingNode node;
    private final Problems problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> required;
    /** Problems recorded before this mapping was read: any more means something in it (or under it) is wrong. */
    private final int problemsBefore;

    MappingReader(String file, String path, MappingNode node, String kind, Problems problems) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.problems = problems;
        this.problemsBefore = problems.count();
        this.required = SpecFields.requiredKeys(kind);
        collect(node, true, Collections.newSetFromMap(new IdentityHashMap<>()));
        List<String> known = SpecFields.keys(kind);
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!known.contains(e.getKey())) {
                String hint = Suggestions.closest(e.getKey(), known)
                        .map(s -> "; did you mean '" + s + "'?")
                        .orElse("; expected one of: " + String.join(", ", known));
                problems.add(mark(e.getValue().getKeyNode()), childPath(e.getKey()),
                        "unknown key '" + e.getKey() + "'" + hint);
            }
        }
        for (String required : known) {
            if (this.required.contains(required) && !entries.containsKey(required)) {
                problems.add(mark(), childPath(required), "missing required key '" + required + "'");
            }
        }
    }

    /** Gathers the keys, following YAML merge keys ({@code <<: *base}); explicit keys win over merged ones. */
    private void collect(MappingNode mapping, boolean explicit, Set<Node> seen) {
        if (!seen.add(mapping)) {
            return; // a merge cycle through aliases
        }
        List<Node> merges = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            if (Tag.MERGE.equals(key.getTag())) {
                merges.add(tuple.getValueNode());
                continue;
            }
            if (!(key instanceof ScalarNode scalarKey)) {
                problems.add(mark(key), path, "a key must be a plain name, got " + Describe.node(key));
                continue;
            }
            String name = scalarKey.getValue();
            NodeTuple first = entries.get(name);
            if (first == null) {
                entries.put(name, tuple);
            } else if (explicit && seen.size() == 1) {
                problems.add(mark(key), childPath(name), "duplicate key '" + name + "' (first defined at line "
                        + mark(first.getKeyNode()).line() + ", column " + mark(first.getKeyNode()).column() + ")");
            }
        }
        for (Node merged : merges) {
            if (merged instanceof MappingNode m) {
                collect(m, false, seen);
            } else if (merged instanceof SequenceNode s && s.getValue().stream().allMatch(MappingNode.class::isInstance)) {
                s.getValue().forEach(m -> collect((MappingNode) m, false, seen));
            } else {
                problems.add(mark(merged), path, "'<<' must merge a mapping or a list of mappings, got "
                        + Describe.node(merged));
            }
        }
    }

    /** True when neither this mapping nor anything under it had a problem so far. */
    boolean clean() {
        return problems.count() == problemsBefore;
    }

    String path() {
        return path;
    }

    SourceMark mark() {
        return SourceMark.of(file, node);
    }

    String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private SourceMark mark(Node n) {
        return SourceMark.of(file, n);
    }

    /** The value node of a key, or null when absent or written as YAML null ({@code key:} or {@code key: ~}). */
    private Node value(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null) {
            return null;
        }
        Node v = tuple.getValueNode();
        if (v instanceof ScalarNode s && Tag.NULL.equals(s.getTag())) {
            return null;
        }
        return v;
    }

    /** Where to point for this key: its value, else its key, else the mapping. */
    SourceMark markOf(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null) {
            return mark();
        }
        return mark(tuple.getValueNode());
    }

    private <T> Located<T> absent(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple != null && isRequired(key)) {
            problems.add(mark(tuple.getValueNode()), childPath(key), "a value is required");
        }
        return new Located<>(null, markOf(key), childPath(key));
    }

    private boolean isRequired(String key) {
        return required.contains(key);
    }

    Located<String> string(String key) {
        return scalar(key, "a string", (text, s) -> text);
    }

    Located<Integer> integer(String key) {
        Node v = value(key);
        if (v == null) {
            return absent(key);
        }
        if (!(v instanceof ScalarNode s) || !Tag.INT.equals(s.getTag())) {
            return bad(key, v, "expected a whole number, got " + Describe.node(v));
        }
        try {
            return new Located<>(Integer.valueOf(s.getValue().replace("_", "")), mark(v), childPath(key));
        } catch (NumberFormatException e) {
            return bad(key, v, "'" + s.getValue() + "' is not a whole number in range");
        }
    }

    Located<Boolean> bool(String key) {
        Node v = value(key);
        if (v == null) {
            return absent(key);
        }
        if (!(v instanceof ScalarNode s) || !Tag.BOOL.equals(s.getTag())) {
            return bad(key, v, "expected true or false, got " + Describe.node(v));
        }
        String text = s.getValue().toLowerCase(java.util.Locale.ROOT);
        boolean value = text.equals("true") || text.equals("yes") || text.equals("on") || text.equals("y");
        return new Located<>(value, mark(v), childPath(key));
    }

    Located<Size> size(String key) {
        return scalar(key, "a size such as 512M or 1G", (text, s) -> Size.parse(text));
    }

    /** One of {@code values} (lower case in the spec), mapped to the enum constant of the same name. */
    <E extends Enum<E>> Located<E> choice(String key, Class<E> type) {
        return scalar(key, "one of " + allowed(type), (text, s) -> {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().toLowerCase(java.util.Locale.ROOT).equals(text)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("'" + text + "' is not one of " + allowed(type));
        });
    }

    private static <E extends Enum<E>> String allowed(Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name().toLowerCase(java.util.Locale.ROOT));
        }
        return String.join(", ", names);
    }

    /** A scalar converted by {@code convert}; its IllegalArgumentException message becomes the error. */
    private <T> Located<T> scalar(String key, String expected, BiFunction<String, ScalarNode, T> convert) {
        Node v = value(key);
        if (v == null) {
            return absent(key);
        }
        if (!(v instanceof ScalarNode s)) {
            return bad(key, v, "expected " + expected + ", got " + Describe.node(v));
        }
        try {
            return new Located<>(convert.apply(s.getValue(), s), mark(v), childPath(key));
        } catch (IllegalArgumentException e) {
            return bad(key, v, e.getMessage());
        }
    }

    private <T> Located<T> bad(String key, Node v, String message) {
        problems.add(mark(v), childPath(key), message);
        return new Located<>(null, mark(v), childPath(key));
    }

    /** A list of strings, e.g. a VG's devices; each element located as {@code key[i]}. Null when absent or bad. */
    List<Located<String>> strings(String key) {
        Node v = value(key);
        if (v == null) {
            absent(key);
            return null;
        }
        if (!(v instanceof SequenceNode seq)) {
            bad(key, v, "expected a list, got " + Describe.node(v));
            return null;
        }
        List<Located<String>> out = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            String itemPath = childPath(key) + "[" + i + "]";
            if (item instanceof ScalarNode s && !Tag.NULL.equals(s.getTag())) {
                out.add(new Located<>(s.getValue(), mark(item), itemPath));
            } else {
                problems.add(mark(item), itemPath, "expected a name, got " + Describe.node(item));
                out.add(new Located<>(null, mark(item), itemPath));
            }
        }
        return out;
    }

    /** A nested mapping of {@code kind}, or null when absent or not a mapping. */
    MappingReader mapping(String key, String kind) {
        Node v = value(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof MappingNode m)) {
            bad(key, v, "expected a mapping (" + String.join(", ", SpecFields.keys(kind)) + "), got "
                    + Describe.node(v));
            return null;
        }
        return new MappingReader(file, childPath(key), m, kind, problems);
    }

    /** A list of mappings of {@code kind}; elements that are not mappings are reported and skipped. */
    List<MappingReader> mappings(String key, String kind) {
        Node v = value(key);
        List<MappingReader> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof SequenceNode seq)) {
            bad(key, v, "expected a list of " + kind + " mappings, got " + Describe.node(v));
            return out;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            String itemPath = childPath(key) + "[" + i + "]";
            if (item instanceof MappingNode m) {
                out.add(new MappingReader(file, itemPath, m, kind, problems));
            } else {
                problems.add(mark(item), itemPath, "expected a " + kind + " mapping ("
                        + String.join(", ", SpecFields.keys(kind)) + "), got " + Describe.node(item));
            }
        }
        return out;
    }
}
