package io.lvmops.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Just enough POSIX shell to find the {@code lvmops} commands in a CI script: words with '…' and "…" quoting and
 * backslashes, $VAR / ${VAR} expansion (an unknown variable is an error, so the test knows every variable), and the
 * operators ; && || | and redirections, which end or are dropped from a simple command.
 */
final class ShellCommands {
    private static final char UNKNOWN = '\u0000';
    private ShellCommands() {
    }

    static List<List<String>> lvmopsCommands(String script, Map<String, String> vars) {
        List<List<String>> result = new ArrayList<>();
        // GitHub substitutes ${{ … }} before the shell runs; the lvmops lines use shell variables only.
        String shell = script.replace("\\\n", " ").replaceAll("\\$\\{\\{[^}]*\\}\\}", "GITHUB_EXPRESSION");
        for (List<String> command : simpleCommands(shell, vars)) {
            if (!command.isEmpty() && command.get(0).equals("lvmops")) {
                for (String w : command) {
                    int at = w.indexOf(UNKNOWN);
                    if (at >= 0) {
                        throw new AssertionError(command + " uses $" + w.substring(at + 1, w.indexOf(UNKNOWN, at + 1))
                                + ", unknown to the test: add it to its variables");
                    }
                }
                result.add(command);
            }
        }
        return result;
    }

    private static List<List<String>> simpleCommands(String s, Map<String, String> vars) {
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean redirectTarget = false;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '#' && word == null) {                               // comment to end of line
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (Character.isWhitespace(c) || c == ';' || c == '&' || c == '|' || c == '>' || c == '<') {
                if (word != null) {
                    if (redirectTarget) {
                        redirectTarget = false;
                    } else {
                        words.add(word.toString());
                    }
                    word = null;
                }
                if (c == '\n' || c == ';' || c == '&' || c == '|') {
                    end(commands, words);
                    words = new ArrayList<>();
                } else if (c == '>' || c == '<') {
                    if (!words.isEmpty() && words.get(words.size() - 1).matches("\\d")) {
                        words.remove(words.size() - 1);                   // 2> file
                    }
                    redirectTarget = true;
                    if (i + 1 < s.length() && (s.charAt(i + 1) == '>' || s.charAt(i + 1) == '&')) {
                        i++;
                    }
                }
                i++;
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (c == '\'') {
                int close = s.indexOf('\'', i + 1);
                word.append(s, i + 1, close);
                i = close + 1;
            } else if (c == '"') {
                i++;
                while (s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && "\"\\$`".indexOf(s.charAt(i + 1)) >= 0) {
                        word.append(s.charAt(i + 1));
                        i += 2;
                    } else if (s.charAt(i) == '$') {
                        i = expand(s, i, word, vars);
                    } else {
                        word.append(s.charAt(i++));
                    }
                }
                i++;
            } else if (c == '\\') {
                word.append(s.charAt(i + 1));
                i += 2;
            } else if (c == '$') {
                i = expand(s, i, word, vars);
            } else {
                word.append(c);
                i++;
            }
        }
        if (word != null && !redirectTarget) {
            words.add(word.toString());
        }
        end(commands, words);
        return commands;
    }

    private static void end(List<List<String>> commands, List<String> words) {
        if (!words.isEmpty()) {
            commands.add(List.copyOf(words));
        }
    }

    private static int expand(String s, int i, StringBuilder word, Map<String, String> vars) {
        int start = i + 1;
        String name;
        int next;
        if (s.charAt(start) == '{') {
            int close = s.indexOf('}', start);
            name = s.substring(start + 1, close);
            next = close + 1;
        } else if (s.charAt(start) == '?' || s.charAt(start) == '(') {
            word.append('$');                                         // $? and $(...) are not in lvmops lines
            return i + 1;
        } else {
            int end = start;
            while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
                end++;
            }
            name = s.substring(start, end);
            next = end;
        }
        String value = vars.get(name);
        word.append(value != null ? value : UNKNOWN + name + UNKNOWN);   // an error only in an lvmops command
        return next;
    }
}
