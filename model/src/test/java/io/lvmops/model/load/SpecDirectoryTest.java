package io.lvmops.model.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A spec directory: *.yaml/*.yml merged in name order, each file with apiVersion, duplicates naming both files. */
class SpecDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void mergesYamlAndYmlFilesInNameOrderAndIgnoresOthers() throws IOException {
        write("b-storage.yml", "apiVersion: lvmops/v1\nvolumeGroups:\n  - {name: vg0, devices: [d]}\n"
                + "logicalVolumes:\n  - {name: lv01, vg: vg0, size: 1G, owner: n1}\n");
        write("a-nodes.yaml", "apiVersion: lvmops/v1\nnodes:\n  - {name: n1, host: h1}\ndevices:\n  - {name: d, path: /dev/sdb}\n");
        write("README.md", "not yaml: [");
        Files.createDirectory(dir.resolve("sub.yaml")); // a directory is not read (non-recursive)
        LoadedSpec loaded = SpecLoader.load(dir);
        assertThat(loaded.errors()).isEmpty();
        assertThat(loaded.spec().nodes()).hasSize(1);
        assertThat(loaded.marks().logicalVolume("vg0", "lv01")).contains(new SourceMark(dir.resolve("b-storage.yml").toString(), 5, 12));
        assertThat(loaded.marks().node("n1")).contains(new SourceMark(dir.resolve("a-nodes.yaml").toString(), 3, 12));
    }

    @Test
    void aDuplicateAcrossFilesNamesBothFiles() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("nodes.yaml", "apiVersion: lvmops/v1\nnodes:\n  - name: node1\n    host: a\n");
        files.put("other.yaml", "apiVersion: lvmops/v1\nnodes:\n  - name: x\n    host: b\n  - name: node1\n    host: c\n");
        assertThat(SpecLoader.load(files).errors()).extracting(SpecError::toString).containsExactly(
                "other.yaml:5:11: nodes[1].name: duplicate node name 'node1' (also defined at nodes.yaml:3:11)");
    }

    @Test
    void everyFileNeedsApiVersion() throws IOException {
        write("a.yaml", "apiVersion: lvmops/v1\nnodes: []\n");
        write("b.yaml", "nodes: []\n");
        assertThat(SpecLoader.load(dir).errors()).extracting(SpecError::toString).containsExactly(
                dir.resolve("b.yaml") + ":1:1: apiVersion: missing required key 'apiVersion'");
    }

    @Test
    void anEmptyFileIsNamed() throws IOException {
        write("a.yaml", "apiVersion: lvmops/v1\n");
        write("b.yaml", "");
        assertThat(SpecLoader.load(dir).errors()).extracting(SpecError::toString).containsExactly(
                dir.resolve("b.yaml") + ":1:1: the file is empty; expected at least 'apiVersion: lvmops/v1'");
    }

    @Test
    void anEmptyDirectoryOrAMissingPathIsAnError() {
        assertThat(SpecLoader.load(dir).errors()).extracting(SpecError::toString)
                .containsExactly(dir + ": the directory has no *.yaml or *.yml file");
        assertThat(SpecLoader.load(dir.resolve("nope.yaml")).errors()).extracting(SpecError::toString)
                .containsExactly(dir.resolve("nope.yaml") + ": no such file or directory");
    }

    @Test
    void aBinaryFileIsAnErrorNotAnException() throws IOException {
        Files.write(dir.resolve("x.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        assertThat(SpecLoader.load(dir).errors()).extracting(SpecError::toString)
                .containsExactly(dir.resolve("x.yaml") + ":1:1: not UTF-8 text (byte 0xff at offset 0)");
    }

    @Test
    void errorsAreSortedByFileThenLine() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("b.yaml", "apiVersion: lvmops/v1\nnodes:\n  - {name: n, host: h, port: 0}\n");
        files.put("a.yaml", "apiVersion: lvmops/v1\nlogicalVolumes:\n  - {name: lv, vg: vg, size: 0, owner: n}\n");
        assertThat(SpecLoader.load(files).errors()).extracting(SpecError::toString).containsExactly(
                "a.yaml:3:20: logicalVolumes[0].vg: volume group 'vg' is not defined",
                "a.yaml:3:30: logicalVolumes[0].size: size must be greater than zero, got '0'",
                "b.yaml:3:30: nodes[0].port: port 0 is out of range 1-65535");
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }
}
