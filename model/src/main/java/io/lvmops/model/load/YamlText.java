package io.lvmops.model.load;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.reader.ReaderException;

import java.io.StringReader;

/** Composes one YAML text into a node tree (keeping line:column marks); syntax errors become one-line SpecErrors. */
final class YamlText {
    private YamlText() {
    }

    /** The root node, or null when the text is empty or broken (the problem is then recorded). */
    static Node compose(String file, String text, Problems problems) {
        Node root;
        try {
            root = new Yaml(options()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            SourceMark at = mark == null ? SourceMark.fileStart(file)
                    : new SourceMark(file, mark.getLine() + 1, mark.getColumn() + 1);
            problems.add(at, "", "YAML syntax error: " + describe(e));
            return null;
        } catch (ReaderException e) {
            problems.add(markAtIndex(file, text, e.getPosition()), "",
                    "YAML syntax error: character " + String.format("U+%04X", e.getCodePoint())
                            + " is not allowed in YAML");
            return null;
        } catch (YAMLException e) {
            // e.g. too many aliases (a "billion laughs" document) or a too deep nesting.
            problems.add(SourceMark.fileStart(file), "", "YAML error: " + oneLine(e.getMessage()));
            return null;
        }
        if (root == null) {
            problems.add(SourceMark.fileStart(file), "",
                    "the file is empty; expected at least 'apiVersion: lvmops/v1'");
        }
        return root;
    }

    private static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // duplicates are reported by MappingReader, with both positions
        options.setMaxAliasesForCollections(100);
        options.setNestingDepthLimit(40);
        options.setCodePointLimit(SpecLimits.MAX_BYTES + 1); // a second line behind SpecLimits' scan
        options.setProcessComments(false);
        return options;
    }

    private static String describe(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "malformed YAML" : e.getProblem();
        if (e.getContext() != null && e.getContextMark() != null) {
            return oneLine(problem) + " (" + oneLine(e.getContext()) + " started at line "
                    + (e.getContextMark().getLine() + 1) + ", column " + (e.getContextMark().getColumn() + 1) + ")";
        }
        return oneLine(problem);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private static SourceMark markAtIndex(String file, String text, int index) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(index, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new SourceMark(file, line, column);
    }
}
