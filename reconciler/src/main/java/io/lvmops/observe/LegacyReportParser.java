package io.lvmops.observe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses LVM's column reports for LVM older than 2.02.158 (no JSON):
 * {@code pvs|vgs|lvs --noheadings --nameprefixes --separator '|' --units b --nosuffix -o ...}, one object per line,
 * e.g. {@code LVM2_LV_NAME='lv01'|LVM2_LV_ATTR='-wi-a-----'}. LVM names and tags cannot contain a quote, so
 * {@code KEY='value'} pairs are unambiguous whatever the separator.
 */
public final class LegacyReportParser {
    private static final Pattern PAIR = Pattern.compile("LVM2_([A-Z0-9_]+)='([^']*)'");

    private LegacyReportParser() {
    }

    public static LvmReport parse(String pvsOut, String vgsOut, String lvsOut) throws LvmReportException {
        List<ObservedPv> pvs = new ArrayList<>();
        Map<String, List<String>> pvsOfVg = new HashMap<>();
        for (Map<String, String> row : rows(pvsOut, "pvs")) {
            String vg = row.getOrDefault("VG_NAME", "");
            pvs.add(new ObservedPv(row.get("PV_NAME"), row.get("PV_UUID"), vg, bytes(row, "PV_SIZE"),
                    bytes(row, "PV_FREE")));
            if (!vg.isEmpty()) {
                pvsOfVg.computeIfAbsent(vg, k -> new ArrayList<>()).add(row.get("PV_NAME"));
            }
        }
        List<ObservedVg> vgs = new ArrayList<>();
        for (Map<String, String> row : rows(vgsOut, "vgs")) {
            String name = row.get("VG_NAME");
            vgs.add(new ObservedVg(name, row.get("VG_UUID"), bytes(row, "VG_SIZE"), bytes(row, "VG_FREE"),
                    bytes(row, "VG_EXTENT_SIZE"), pvsOfVg.getOrDefault(name, List.of()),
                    FullReportParser.splitTags(row.getOrDefault("VG_TAGS", "")), "", null));
        }
        List<ObservedLv> lvs = new ArrayList<>();
        for (Map<String, String> row : rows(lvsOut, "lvs")) {
            LvAttr attr = LvAttr.parse(row.get("LV_ATTR"));
            // these LVMs have no lv_active/lv_device_open/autoactivation/lock fields: lv_attr says it all
            lvs.add(new ObservedLv(row.get("VG_NAME"), row.get("LV_NAME"), row.get("LV_UUID"), bytes(row, "LV_SIZE"),
                    attr, LvStates.active(attr, ""), LvStates.open(attr, ""),
                    FullReportParser.splitTags(row.getOrDefault("LV_TAGS", "")), row.get("LV_PATH"), null, null, ""));
        }
        return new LvmReport(pvs, vgs, lvs);
    }

    static List<Map<String, String>> rows(String out, String command) throws LvmReportException {
        List<Map<String, String>> rows = new ArrayList<>();
        String[] lines = out.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            Matcher m = PAIR.matcher(line);
            while (m.find()) {
                row.put(m.group(1), m.group(2));
            }
            if (row.isEmpty()) {
                throw new LvmReportException(command + " line " + (i + 1) + " is not LVM2_KEY='value' pairs: '"
                        + line + "'");
            }
            rows.add(row);
        }
        return rows;
    }

    private static long bytes(Map<String, String> row, String key) throws LvmReportException {
        String v = row.get(key);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new LvmReportException("LVM2_" + key + " '" + v + "' is not a number of bytes");
        }
    }
}
