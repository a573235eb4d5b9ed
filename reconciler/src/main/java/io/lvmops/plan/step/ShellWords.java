package io.lvmops.plan.step;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Renders an argv for a person to read (and paste into a shell): words quoted only when they need it. */
public final class ShellWords {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,\\-]+");

    private ShellWords() {
    }

    public static String join(List<String> argv) {
        return argv.stream().map(ShellWords::quote).collect(Collectors.joining(" "));
    }

    public static String quote(String word) {
        if (!word.isEmpty() && SAFE.matcher(word).matches()) {
            return word;
        }
        if (word.indexOf('\t') >= 0 || io.lvmops.plan.render.Printable.needsEscaping(word)) {
            // bash's $'...' quoting: what the plan shows is what runs, a control character shown as its escape
            StringBuilder quoted = new StringBuilder("$'");
            for (char c : word.toCharArray()) {
                String escape = c == '\t' ? "\\t" : io.lvmops.plan.render.Printable.escape(c);
                quoted.append(escape != null ? escape : c == '\\' || c == '\'' ? "\\" + c : String.valueOf(c));
            }
            return quoted.append('\'').toString();
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
