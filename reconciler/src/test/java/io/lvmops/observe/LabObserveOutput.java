package io.lvmops.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole output of {@code observe.sh} for a lab node holding many LVs, put together from real lab captures for
 * load tests (the parsers themselves are tested on unmodified captures). The LVM report is the real vg0/lv01 of
 * state s2 (active on node1, inactive on node2) repeated as lv01..lvNN, odd LVs active and even ones inactive,
 * reduced to the fields observe.sh asks for and printed the way LVM prints JSON (checked against the real
 * whole-script capture lab/s4-node1-lockd-observe.out in LabObserveOutputTest). Mounts, device-mapper devices and
 * blkid probes follow the same real captures for each active LV; the version and iSCSI sections are real.
 */
final class LabObserveOutput {
    static final String NONCE = "fixture";
    static final String LUN = "/dev/mapper/test_block_a";
    private static final String M = "@@lvmops-" + NONCE + " ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LabObserveOutput() {
    }

    /** observe.sh's output (nonce {@link #NONCE}) for a node named {@code hostname} with lv01..lv{lvCount} in vg0. */
    static String node(String hostname, int lvCount, List<String> probePaths) {
        JsonNode active = report("lab/s2-node1-active-lvm-fullreport.json");
        JsonNode inactive = report("lab/s2-node2-inactive-lvm-fullreport.json");
        ObserveOutput real = realWholeScriptOutput();

        List<JsonNode> lvs = new ArrayList<>();
        StringBuilder mounts = new StringBuilder();
        StringBuilder dm = new StringBuilder(dmLine(Fixtures.text("lab/s2-node1-active-dmsetup-info.txt")
                .lines().filter(l -> l.startsWith("test_block_a:")).findFirst().orElseThrow()));
        String mountTemplate = Fixtures.text("lab/s2-node1-active-mountinfo.txt").lines()
                .filter(l -> l.contains("/dev/mapper/vg0-lv01")).findFirst().orElseThrow();
        Fixtures.text("lab/s2-node1-active-mountinfo.txt").lines()
                .filter(l -> !l.contains("vg0-lv01")).forEach(l -> mounts.append(l).append('\n'));
        String vgUuid = active.path("vg").path(0).path("vg_uuid").asText();
        for (int i = 1; i <= lvCount; i++) {
            String name = String.format(Locale.ROOT, "lv%02d", i);
            JsonNode lv = renamed((i % 2 == 1 ? active : inactive).path("lv").path(0), name, i);
            lvs.add(lv);
            if (i % 2 == 1) {
                mounts.append(mountTemplate.replaceFirst("^36 ", (100 + i) + " ").replace("253:1", "253:" + (i + 1))
                        .replace("lv01", name)).append('\n');
                dm.append(dmLine("vg0-" + name + ":LVM-" + vgUuid.replace("-", "")
                        + lv.path("lv_uuid").asText().replace("-", "") + ":1"));
            }
        }

        StringBuilder out = new StringBuilder(64 * 1024).append(M).append("begin 1\n");
        section(out, "hostname", hostname + "\n", "", 0);
        ObserveOutput.Section version = real.section("lvm-version").orElseThrow();
        section(out, "lvm-version", version.stdout(), version.stderr(), version.exitCode());
        List<Long> pvsegStarts = new ArrayList<>();
        for (int i = 0; i <= lvCount; i++) {
            pvsegStarts.add(256L * i); // each LV's 256 extents, then the free space after the last one
        }
        section(out, "fullreport", fullreport(active.path("vg").path(0), active.path("pv").path(0), lvs,
                pvsegStarts), "", 0);
        section(out, "iscsi-sessions", Fixtures.text("lab/s2-node1-active-iscsiadm-session.txt"), "", 0);
        section(out, "mountinfo", mounts.toString(), "", 0);
        section(out, "dmsetup", dm.toString(), "", 0);
        for (int i = 0; i < probePaths.size(); i++) {
            section(out, "probe." + i, probe(probePaths.get(i), lvs), "", 0);
        }
        return out.append(M).append("end\n").toString();
    }

    /** observe.sh's framing of one command's stdout, stderr (as ObserveOutput keeps it) and exit code. */
    static void section(StringBuilder out, String name, String stdout, String stderr, int rc) {
        out.append(M).append("section ").append(name).append('\n').append(stdout).append('\n');
        out.append(M).append("stderr ").append(name).append('\n').append(stderr);
        out.append(M).append("rc ").append(name).append(' ').append(rc).append('\n');
    }

    /** LVM 2.03's JSON layout of a one-VG fullreport, with only the fields observe.sh's --configreport lists. */
    static String fullreport(JsonNode vg, JsonNode pv, List<JsonNode> lvs, List<Long> pvsegStarts) {
        StringBuilder json = new StringBuilder("  {\n      \"report\": [\n          {\n");
        list(json, "vg", List.of(project(vg, fields("vg"))));
        json.append("              ,\n");
        list(json, "pv", List.of(project(pv, fields("pv"))));
        json.append("              ,\n");
        List<String> lvObjects = new ArrayList<>();
        List<String> pvsegs = new ArrayList<>();
        List<String> segs = new ArrayList<>();
        for (JsonNode lv : lvs) {
            lvObjects.add(project(lv, fields("lv")));
            segs.add("{\"seg_start\":\"0\"}");
        }
        for (long start : pvsegStarts) {
            pvsegs.add("{\"pvseg_start\":\"" + start + "\"}");
        }
        list(json, "lv", lvObjects);
        json.append("              ,\n");
        list(json, "pvseg", pvsegs);
        json.append("              ,\n");
        list(json, "seg", segs);
        return json.append("          }\n      ]\n  }\n").toString();
    }

    /** The fields observe.sh asks LVM for, in its order, read from the script itself. */
    static List<String> fields(String report) {
        Matcher m = Pattern.compile("--configreport " + report + " -o ([a-z_,]+)").matcher(ObserveScript.SCRIPT);
        if (!m.find()) {
            throw new IllegalStateException("observe.sh has no --configreport " + report);
        }
        return List.of(m.group(1).split(","));
    }

    static ObserveOutput realWholeScriptOutput() {
        try {
            return ObserveOutput.parse(Fixtures.text("lab/s4-node1-lockd-observe.out"), NONCE);
        } catch (ObserveOutputException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void list(StringBuilder json, String name, List<String> objects) {
        json.append("              \"").append(name).append("\": [\n");
        for (int i = 0; i < objects.size(); i++) {
            json.append("                  ").append(objects.get(i)).append(i < objects.size() - 1 ? ",\n" : "\n");
        }
        json.append("              ]\n");
    }

    private static String project(JsonNode object, List<String> fields) {
        StringBuilder s = new StringBuilder("{");
        for (String field : fields) {
            JsonNode value = object.get(field);
            if (value == null) {
                throw new IllegalStateException("the lab capture has no " + field);
            }
            s.append(s.length() > 1 ? ", " : "").append('"').append(field).append("\":")
                    .append(value.toString()); // Jackson quotes and escapes like LVM for these plain values
        }
        return s.append('}').toString();
    }

    private static JsonNode renamed(JsonNode lv, String name, int i) {
        ObjectNode copy = ((ObjectNode) lv).deepCopy();
        lv.fields().forEachRemaining(e -> {
            if (e.getValue().isTextual() && e.getValue().asText().contains("lv01")) {
                copy.put(e.getKey(), e.getValue().asText().replace("lv01", name));
            }
        });
        String uuid = lv.path("lv_uuid").asText();
        copy.put("lv_uuid", uuid.substring(0, uuid.length() - 2) + String.format(Locale.ROOT, "%02d", i));
        return copy;
    }

    private static String probe(String path, List<JsonNode> lvs) {
        if (path.equals(LUN)) {
            return "lvmops_exists=1\nlvmops_size=2147483648\n" + Fixtures.text("lab/s2-node1-active-blkid-lun.txt");
        }
        for (JsonNode lv : lvs) {
            if (lv.path("lv_path").asText().equals(path) && !lv.path("lv_active").asText().isEmpty()) {
                return "lvmops_exists=1\nlvmops_size=" + lv.path("lv_size").asText() + "\n"
                        + Fixtures.text("lab/s2-node1-active-blkid-lv.txt").replace("/dev/mapper/vg0-lv01", path);
            }
        }
        return "lvmops_exists=0\n"; // what the probe prints for an inactive LV's absent /dev/VG/LV
    }

    private static String dmLine(String colonSeparated) {
        return colonSeparated.replace(':', '|') + "\n"; // observe.sh asks dmsetup for '|'; the capture used ':'
    }

    private static JsonNode report(String fixture) {
        try {
            return JSON.readTree(Fixtures.text(fixture)).path("report").path(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
