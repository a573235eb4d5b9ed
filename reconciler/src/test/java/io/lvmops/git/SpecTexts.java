package io.lvmops.git;

/** Small spec files for Git tests. */
final class SpecTexts {
    private SpecTexts() {
    }

    static final String NODES = """
            apiVersion: lvmops/v1
            nodes:
              - {name: node1, host: node1.test.com}
              - {name: node2, host: node2.test.com}
            devices:
              - {name: lun_a, path: /dev/mapper/lun_a}
            volumeGroups:
              - {name: vg0, devices: [lun_a]}
            """;

    static String lvs(String... lines) {
        StringBuilder s = new StringBuilder("apiVersion: lvmops/v1\nlogicalVolumes:\n");
        for (String l : lines) {
            s.append("  - ").append(l).append('\n');
        }
        return s.toString();
    }

    static final String STORAGE = lvs("{name: lv01, vg: vg0, size: 1G, owner: node1}");
}
