package io.lvmops.model.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A small valid spec (the 2016 two-node setup) as text, and helpers to break one line of it. Shared test helper. */
public final class SpecTexts {
    /** Line numbers are part of the tests' expectations: do not reflow. */
    public static final String VALID = String.join("\n",
            "apiVersion: lvmops/v1",                          // 1
            "nodes:",                                         // 2
            "  - name: node1",                                // 3
            "    host: node1.test.com",                       // 4
            "  - name: node2",                                // 5
            "    host: node2.test.com",                       // 6
            "devices:",                                       // 7
            "  - name: test_block_a",                         // 8
            "    path: /dev/mapper/test_block_a",             // 9
            "    iscsi:",                                     // 10
            "      portal: 192.168.10.5:3260",                // 11
            "      target: iqn.2016-11.com.test:block-a",     // 12
            "      lun: 1",                                   // 13
            "volumeGroups:",                                  // 14
            "  - name: vg0",                                  // 15
            "    devices: [test_block_a]",                    // 16
            "logicalVolumes:",                                // 17
            "  - name: lv01",                                 // 18
            "    vg: vg0",                                    // 19
            "    size: 1G",                                   // 20
            "    owner: node1",                               // 21
            "    filesystem:",                                // 22
            "      type: ext4",                               // 23
            "      mountPoint: /mnt/t_lv01",                  // 24
            "");

    private SpecTexts() {
    }

    /** VALID with line {@code n} (1-based) replaced by {@code replacement} (which may span several lines). */
    public static String withLine(int n, String replacement) {
        List<String> lines = new ArrayList<>(Arrays.asList(VALID.split("\n", -1)));
        lines.set(n - 1, replacement);
        return String.join("\n", lines);
    }

    /** VALID with {@code extra} lines appended (after line 24). */
    public static String plus(String... extra) {
        return VALID + String.join("\n", extra) + "\n";
    }

    public static LoadedSpec load(String yaml) {
        return SpecLoader.load(Map.of("spec.yaml", yaml));
    }

    public static List<String> errors(String yaml) {
        return load(yaml).errors().stream().map(SpecError::toString).toList();
    }
}
