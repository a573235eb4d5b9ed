package io.lvmops.observe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the guard sections of {@code observe.sh}: {@code lvmconfig}'s {@code key=value} lines (a value is an
 * integer, a quoted string or a list {@code ["a","b"]}; an undefined setting is simply absent), the lvmlocal.conf
 * text, the lock daemons' {@code key=value} lines and lvmops' own files for them. Pure.
 */
public final class NodeLvmConfigParser {
    private NodeLvmConfigParser() {
    }

    /**
     * @param lvmconfig    stdout of {@code lvmconfig --typeconfig full ...}
     * @param lvmlocal     the file's text, or null when {@code cat} failed (no such file)
     * @param lockDaemons  stdout of the lock-daemons section
     */
    public static NodeLvmConfig parse(String lvmconfig, String lvmlocal, String lockDaemons)
            throws LvmReportException {
        return parse(lvmconfig, lvmlocal, lockDaemons, null, null);
    }

    /**
     * @param lockDaemons     stdout of the lock-daemons section: {@code wdmd=PIDS}, {@code sanlock=PIDS},
     *                        {@code lvmlockd=PIDS}, {@code lockspace=VG[ ADD|REM]}, {@code sanlock.name=},
     *                        {@code sanlock.watchdog=0|1}, {@code systemctl=present|absent}, {@code enabled.UNIT=},
     *                        {@code watchdog=IDENTITY}; without the {@code systemctl=} line (an older script) the
     *                        lock setup is unknown (null)
     * @param sanlockDropIn   the text of lvmops' sanlock.service drop-in, or null when absent
     * @param watchdogModules the text of lvmops' modules-load.d file, or null when absent
     */
    public static NodeLvmConfig parse(String lvmconfig, String lvmlocal, String lockDaemons, String sanlockDropIn,
                                      String watchdogModules) throws LvmReportException {
        Map<String, String> values = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line : lvmconfig.split("\n")) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                throw new LvmReportException("lvmconfig line " + lineNo + " is not key=value: '" + l + "'");
            }
            values.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
        }
        Map<String, Boolean> daemons = new LinkedHashMap<>();
        List<String> lockspaces = new ArrayList<>();
        List<String> changing = new ArrayList<>();
        Map<String, String> enabled = new LinkedHashMap<>();
        List<String> watchdogs = new ArrayList<>();
        String systemctl = null;
        String sanlockName = null;
        Boolean sanlockWatchdog = null;
        for (String line : lockDaemons == null ? new String[0] : lockDaemons.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            switch (key) {
                case "wdmd", "sanlock", "lvmlockd" -> daemons.put(key, !value.isEmpty());
                case "lockspace" -> {
                    // "vg0" started; "vg0 ADD" still joining, "vg0 REM" leaving (sanlock client gets)
                    String[] words = value.split("\\s+");
                    (words.length == 1 ? lockspaces : changing).add(words[0]);
                }
                case "sanlock.name" -> sanlockName = value;
                case "sanlock.watchdog" -> sanlockWatchdog = value.equals("1");
                case "systemctl" -> systemctl = value;
                case "watchdog" -> watchdogs.add(value);
                default -> {
                    if (key.startsWith("enabled.")) {
                        enabled.put(key.substring("enabled.".length()), value);
                    }
                }
            }
        }
        LockSetup setup = systemctl == null ? null : new LockSetup(systemctl.equals("present"), enabled,
                daemons.getOrDefault("sanlock", false) ? sanlockName : null,
                daemons.getOrDefault("sanlock", false) ? sanlockWatchdog : null, watchdogs, changing, sanlockDropIn,
                watchdogModules);
        return new NodeLvmConfig(list(values.get("volume_list")), list(values.get("auto_activation_volume_list")),
                "1".equals(values.get("use_lvmlockd")), integer(values.get("host_id")), lvmlocal, daemons, lockspaces,
                setup);
    }

    /** {@code "a"} → [a]; {@code ["a","b"]} → [a, b]; {@code []} → []; null → null (undefined). */
    static List<String> list(String value) throws LvmReportException {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.startsWith("[")) {
            if (!v.endsWith("]")) {
                throw new LvmReportException("unreadable lvmconfig list: " + value);
            }
            v = v.substring(1, v.length() - 1);
        }
        List<String> items = new ArrayList<>();
        int i = 0;
        while (i < v.length()) {
            char c = v.charAt(i);
            if (c == ',' || Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                StringBuilder item = new StringBuilder();
                i++;
                while (i < v.length() && v.charAt(i) != '"') {
                    if (v.charAt(i) == '\\' && i + 1 < v.length()) {
                        i++;
                    }
                    item.append(v.charAt(i++));
                }
                if (i >= v.length()) {
                    throw new LvmReportException("unterminated string in lvmconfig value: " + value);
                }
                i++;
                items.add(item.toString());
            } else {
                int end = v.indexOf(',', i);
                end = end < 0 ? v.length() : end;
                items.add(v.substring(i, end).strip());
                i = end;
            }
        }
        return items;
    }

    private static int integer(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
