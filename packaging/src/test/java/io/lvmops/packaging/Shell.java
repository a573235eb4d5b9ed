package io.lvmops.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command on this machine as an operator would (PATH lookup, LC_ALL=C), output and errors merged. */
record Shell(int exitCode, String output) {

    /** Variables of the test's own environment that would change what an installed lvmops does. */
    private static final List<String> SCRUBBED = List.of("LVMOPS_JAR", "LVMOPS_JAVA_OPTS", "JAVA", "JAVA_TOOL_OPTIONS");

    static Shell run(String... argv) {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).directory(Path.of("/").toFile());
        Map<String, String> env = pb.environment();
        SCRUBBED.forEach(env::remove);
        env.put("LC_ALL", "C");
        env.put("DEBIAN_FRONTEND", "noninteractive");
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", argv));
            }
            return new Shell(p.exitValue(), out);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", argv) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", argv), e);
        }
    }

    static Shell sh(String script) {
        return run("sh", "-c", script);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + ":\n" + output;
    }
}
