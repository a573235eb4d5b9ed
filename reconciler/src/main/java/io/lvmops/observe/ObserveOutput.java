package io.lvmops.observe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The output of {@code observe.sh} split into its sections. Each section carries its command's stdout, stderr and
 * exit code. Parsing fails (with {@link ObserveOutputException}) unless the output starts with the begin marker and
 * ends with the end marker of the expected nonce, so a truncated or foreign output is never mistaken for a node
 * with nothing on it.
 */
public record ObserveOutput(Map<String, Section> sections) {

    /** One command's result inside the single exec. */
    public record Section(String name, String stdout, String stderr, int exitCode) {
    }

    public ObserveOutput {
        sections = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    public Optional<Section> section(String name) {
        return Optional.ofNullable(sections.get(name));
    }

    public static ObserveOutput parse(String stdout, String nonce) throws ObserveOutputException {
        String marker = "@@lvmops-" + nonce + " ";
        String[] lines = stdout.split("\n", -1);
        int i = 0;
        while (i < lines.length && !lines[i].startsWith(marker)) {
            i++; // a login banner or motd may precede the script's output
        }
        if (i == lines.length || !lines[i].equals(marker + "begin 1")) {
            throw new ObserveOutputException("no begin marker in the observation output (not lvmops' observe script, "
                    + "or an unsupported script version)");
        }
        Map<String, Section> sections = new LinkedHashMap<>();
        boolean ended = false;
        i++;
        while (i < lines.length) {
            String line = lines[i];
            if (line.equals(marker + "end")) {
                ended = true;
                break;
            }
            if (line.isEmpty() && i == lines.length - 1) {
                break; // cut right after a section: reported as truncated below
            }
            if (!line.startsWith(marker + "section ")) {
                throw new ObserveOutputException("unexpected line " + (i + 1) + " in the observation output: '"
                        + abbreviate(line) + "'");
            }
            String name = line.substring((marker + "section ").length());
            if (sections.containsKey(name)) {
                // a second copy would silently replace what the first said (e.g. an empty dmsetup: "nothing mapped")
                throw new ObserveOutputException("section '" + abbreviate(name) + "' appears twice in the observation "
                        + "output");
            }
            // built once per section, not once per line: a node's output has thousands of lines
            String stderrMarker = marker + "stderr " + name;
            String rcMarker = marker + "rc " + name + " ";
            StringBuilder out = new StringBuilder();
            i++;
            while (i < lines.length && !lines[i].equals(stderrMarker)) {
                if (lines[i].startsWith(marker)) {
                    throw new ObserveOutputException("section '" + name + "' of the observation output is cut short");
                }
                out.append(lines[i]).append('\n');
                i++;
            }
            StringBuilder err = new StringBuilder();
            i++;
            while (i < lines.length && !lines[i].startsWith(rcMarker)) {
                if (lines[i].startsWith(marker)) {
                    throw new ObserveOutputException("section '" + name + "' of the observation output has no exit code");
                }
                err.append(lines[i]).append('\n');
                i++;
            }
            if (i >= lines.length) {
                throw new ObserveOutputException("the observation output is truncated inside section '" + name
                        + "' (no end marker)");
            }
            int rc;
            try {
                rc = Integer.parseInt(lines[i].substring(rcMarker.length()).trim());
            } catch (NumberFormatException e) {
                throw new ObserveOutputException("section '" + name + "' has an unreadable exit code: '"
                        + abbreviate(lines[i]) + "'");
            }
            sections.put(name, new Section(name, stripOneNewline(out.toString()), err.toString(), rc));
            i++;
        }
        if (!ended) {
            throw new ObserveOutputException("the observation output is truncated (no end marker after "
                    + sections.size() + " section(s))");
        }
        return new ObserveOutput(sections);
    }

    private static String stripOneNewline(String s) {
        // the section text is "<stdout>\n" + the separating newline observe.sh adds: drop the latter only
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
