package io.lvmops.model.load;

import org.yaml.snakeyaml.nodes.Node;

/** A position in a spec file, 1-based; line 0 when the problem has no position (e.g. a missing file). */
public record SourceMark(String file, int line, int column) {

    static SourceMark of(String file, Node node) {
        // SnakeYAML marks are 0-based; people count from 1.
        return new SourceMark(file, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1);
    }

    static SourceMark fileStart(String file) {
        return new SourceMark(file, 1, 1);
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column : file;
    }
}
