package io.lvmops.plan.guard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A unified diff (one hunk, three lines of context) of a file whose change is one contiguous region, as lvmops'
 * own block is: the common prefix and suffix lines are context, everything between is removed/added. Exact for that
 * case, which is the only one lvmops produces.
 */
public final class UnifiedDiff {
    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    /** Lines of {@code diff -u}; empty when equal. A null text is a missing file. */
    public static List<String> of(String path, String before, String after) {
        if (java.util.Objects.equals(before, after)) {
            return List.of();
        }
        List<String> a = lines(before);
        List<String> b = lines(after);
        int prefix = 0;
        while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.size() - prefix && suffix < b.size() - prefix
                && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
            suffix++;
        }
        int from = Math.max(0, prefix - CONTEXT);
        int aEnd = a.size() - suffix;
        int bEnd = b.size() - suffix;
        int ctxAfter = Math.min(CONTEXT, suffix);
        List<String> out = new ArrayList<>();
        out.add("--- " + (before == null ? "/dev/null" : path));
        out.add("+++ " + path);
        int aLen = aEnd - from + ctxAfter;
        int bLen = bEnd - from + ctxAfter;
        out.add("@@ -" + start(from, aLen) + "," + aLen + " +" + start(from, bLen) + "," + bLen + " @@");
        for (int i = from; i < prefix; i++) {
            out.add(" " + a.get(i));
        }
        for (int i = prefix; i < aEnd; i++) {
            out.add("-" + a.get(i));
        }
        for (int i = prefix; i < bEnd; i++) {
            out.add("+" + b.get(i));
        }
        for (int i = aEnd; i < aEnd + ctxAfter; i++) {
            out.add(" " + a.get(i));
        }
        return out;
    }

    private static int start(int from, int len) {
        return len == 0 ? from : from + 1;
    }

    private static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        String t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return Arrays.asList(t.split("\n", -1));
    }
}
