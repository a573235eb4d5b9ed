package io.lvmops.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The campaign's desired storage, which every run edits: vg0 (guard tags) on LUN a and vgs (guard sanlock) on LUN b,
 * each with a long-lived LV holding the writer's records (lv01, lv02), and one LV per guard that runs create and
 * remove (lvc in its own VG vgc on LUN c, made from a blank LUN; lv03 in vgs). LUN c is in the spec only while vgc
 * exists, so that a create from blank also logs the nodes in.
 */
final class Fleet {
    /** One LV of the spec. */
    record Lv(String name, String vg, long sizeMiB, String owner, boolean present) {
        String mountPoint() {
            return "/mnt/chaos_" + name;
        }

        String path() {
            return vg + "/" + name;
        }

        Lv withOwner(String node) {
            return new Lv(name, vg, sizeMiB, node, present);
        }

        Lv withSizeMiB(long mib) {
            return new Lv(name, vg, mib, owner, present);
        }

        Lv withPresent(boolean p) {
            return new Lv(name, vg, sizeMiB, owner, p);
        }
    }

    private final String nodesYaml;
    private final Map<String, Lv> lvs = new LinkedHashMap<>();
    private boolean vgcInSpec;
    private boolean lv03InSpec;

    Fleet(String nodesYaml) {
        this.nodesYaml = nodesYaml;
        put(new Lv("lv01", "vg0", 128, "node1", true));
        put(new Lv("lv02", "vgs", 128, "node1", true));
        put(new Lv("lvc", "vgc", 64, "node1", false));
        put(new Lv("lv03", "vgs", 64, "node1", false));
    }

    Fleet copy() {
        Fleet f = new Fleet(nodesYaml);
        f.lvs.putAll(lvs);
        f.vgcInSpec = vgcInSpec;
        f.lv03InSpec = lv03InSpec;
        return f;
    }

    Lv lv(String name) {
        return lvs.get(name);
    }

    void put(Lv lv) {
        lvs.put(lv.name(), lv);
        if (lv.name().equals("lvc") && lv.present()) {
            vgcInSpec = true;
        }
        if (lv.name().equals("lv03") && lv.present()) {
            lv03InSpec = true;
        }
    }

    boolean vgcInSpec() {
        return vgcInSpec;
    }

    /** vgc was removed by hand from the nodes (and LUN c wiped, logged out): neither it nor LUN c is in the spec. */
    void vgcGone() {
        vgcInSpec = false;
        lvs.put("lvc", lvs.get("lvc").withPresent(false));
    }

    Map<String, Lv> lvs() {
        return lvs;
    }

    /** The LVs the spec lists as present. */
    Iterable<Lv> presentLvs() {
        return lvs.values().stream().filter(Lv::present).filter(this::listed).toList();
    }

    private boolean listed(Lv lv) {
        return switch (lv.name()) {
            case "lvc" -> vgcInSpec;
            case "lv03" -> lv03InSpec;
            default -> true;
        };
    }

    /** Writes the spec directory (nodes.yaml and storage.yaml) and returns it. */
    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        String nodes = vgcInSpec ? nodesYaml
                : nodesYaml.replaceAll("(?m)^  - name: test_block_c\\n(?:    .*\\n)+", "");
        Files.writeString(dir.resolve("nodes.yaml"), nodes);
        Files.writeString(dir.resolve("storage.yaml"), storageYaml());
        return dir;
    }

    String storageYaml() {
        StringBuilder y = new StringBuilder("apiVersion: lvmops/v1\nvolumeGroups:\n");
        y.append("  - {name: vg0, devices: [test_block_a], guard: tags}\n");
        y.append("  - {name: vgs, devices: [test_block_b], guard: sanlock}\n");
        if (vgcInSpec) {
            y.append("  - {name: vgc, devices: [test_block_c], guard: tags}\n");
        }
        y.append("logicalVolumes:\n");
        for (Lv lv : lvs.values()) {
            if (!listed(lv)) {
                continue;
            }
            y.append("  - {name: ").append(lv.name()).append(", vg: ").append(lv.vg()).append(", size: ")
                    .append(lv.sizeMiB()).append("M, owner: ").append(lv.owner())
                    .append(", filesystem: {type: ext4, mountPoint: ").append(lv.mountPoint()).append("}")
                    .append(lv.present() ? "" : ", state: absent").append("}\n");
        }
        return y.toString();
    }
}
