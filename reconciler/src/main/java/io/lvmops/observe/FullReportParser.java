package io.lvmops.observe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses {@code lvm fullreport --reportformat json --units b --nosuffix} (LVM ≥ 2.02.158) with the fields
 * {@code observe.sh} asks for. Each element of "report" is one VG with its vg/pv/lv lists; orphan PVs come in an
 * element without "vg".
 */
public final class FullReportParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FullReportParser() {
    }

    public static LvmReport parse(String json) throws LvmReportException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new LvmReportException("lvm fullreport printed invalid JSON: " + JsonProblem.message(e), e);
        }
        if (root == null || !root.path("report").isArray()) {
            throw new LvmReportException("lvm fullreport printed no \"report\" array");
        }
        List<ObservedPv> pvs = new ArrayList<>();
        List<ObservedVg> vgs = new ArrayList<>();
        List<ObservedLv> lvs = new ArrayList<>();
        for (JsonNode entry : root.path("report")) {
            JsonNode vgNode = entry.path("vg").path(0);
            String vgName = vgNode.isMissingNode() ? "" : text(vgNode, "vg_name");
            List<String> pvNames = new ArrayList<>();
            for (JsonNode pv : entry.path("pv")) {
                pvs.add(new ObservedPv(text(pv, "pv_name"), text(pv, "pv_uuid"), vgName, bytes(pv, "pv_size"),
                        bytes(pv, "pv_free")));
                pvNames.add(text(pv, "pv_name"));
            }
            if (!vgNode.isMissingNode()) {
                vgs.add(new ObservedVg(vgName, text(vgNode, "vg_uuid"), bytes(vgNode, "vg_size"),
                        bytes(vgNode, "vg_free"), bytes(vgNode, "vg_extent_size"), pvNames, tags(vgNode, "vg_tags"),
                        text(vgNode, "vg_lock_type"), flag(vgNode, "vg_autoactivation")));
            }
            for (JsonNode lv : entry.path("lv")) {
                LvAttr attr = LvAttr.parse(text(lv, "lv_attr"));
                lvs.add(new ObservedLv(vgName, text(lv, "lv_name"), text(lv, "lv_uuid"), bytes(lv, "lv_size"), attr,
                        LvStates.active(attr, text(lv, "lv_active")), LvStates.open(attr, text(lv, "lv_device_open")),
                        tags(lv, "lv_tags"), text(lv, "lv_path"), text(lv, "lv_dm_path"),
                        flag(lv, "lv_autoactivation"), text(lv, "lv_lockargs")));
            }
        }
        return new LvmReport(pvs, vgs, lvs);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static long bytes(JsonNode n, String field) throws LvmReportException {
        String v = text(n, field);
        if (v.isEmpty()) {
            return 0;
        }
        long bytes;
        try {
            bytes = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new LvmReportException("lvm fullreport: " + field + " '" + v + "' is not a number of bytes "
                    + "(was --units b --nosuffix ignored?)");
        }
        if (bytes < 0) {
            throw new LvmReportException("lvm fullreport: " + field + " '" + v + "' is negative");
        }
        return bytes;
    }

    static List<String> tags(JsonNode n, String field) {
        return splitTags(text(n, field));
    }

    static List<String> splitTags(String tags) {
        return tags.isEmpty() ? List.of() : Arrays.asList(tags.split(","));
    }

    /** LVM reports a binary field as its name ("enabled") or ""; null when this LVM lacks the field. */
    private static Boolean flag(JsonNode n, String field) {
        return n.has(field) ? !text(n, field).isEmpty() : null;
    }
}
