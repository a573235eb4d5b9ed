package io.lvmops.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** packaging/: the daemon's unit caps its memory, and the launcher gives every JVM a bounded heap unless told otherwise. */
class MemoryLimitsTest {
    @TempDir
    Path dir;

    @Test
    void theUnitSetsMemoryMax() throws IOException {
        assertThat(Files.readAllLines(Path.of("..", "packaging", "src", "deb", "lvmops.service"))).anySatisfy(l -> assertThat(l).matches("MemoryMax=[0-9]+[KMG]"));
    }

    @Test
    void theLauncherBoundsTheHeapUnlessTheOptionsSetOne() throws Exception {
        assertThat(launch(Map.of(), "daemon")).contains(" -Xmx512m ");
        assertThat(launch(Map.of(), "plan")).contains(" -Xmx512m ");
        assertThat(launch(Map.of("LVMOPS_JAVA_OPTS", "-Xmx2g"), "daemon")).contains(" -Xmx2g ").doesNotContain("-Xmx512m");
        assertThat(launch(Map.of("LVMOPS_JAVA_OPTS", "-XX:MaxRAMPercentage=50"), "daemon")).doesNotContain("-Xmx");
    }

    /** Runs packaging/bin/lvmops with a fake java that prints its arguments. */
    private String launch(Map<String, String> env, String command) throws Exception {
        Path java = dir.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \" $* \"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        Path jar = Files.writeString(dir.resolve("lvmops.jar"), "");
        ProcessBuilder pb = new ProcessBuilder("sh", "../packaging/bin/lvmops", command);
        pb.environment().put("JAVA", java.toString());
        pb.environment().put("LVMOPS_JAR", jar.toString());
        pb.environment().remove("LVMOPS_JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
