package io.lvmops.model.load;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Names a YAML value for an error message: "a list", "a mapping", "the string 'abc'", "the number 5". */
final class Describe {
    private Describe() {
    }

    static String node(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof ScalarNode s) {
            String v = s.getValue().length() > 40 ? s.getValue().substring(0, 40) + "…" : s.getValue();
            Tag tag = s.getTag();
            if (Tag.NULL.equals(tag)) {
                return "nothing (null)";
            }
            if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
                return "the number " + v;
            }
            if (Tag.BOOL.equals(tag)) {
                return "the boolean " + v;
            }
            return "the string '" + v + "'";
        }
        return "an unsupported value";
    }
}
