package io.lvmops.daemon;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts lvmops as a separate JVM with the test class path but the daemon's own logging configuration
 * ({@code src/main/resources/logback.xml}, INFO, key=value), not the tests' (warnings only).
 */
final class DaemonProcesses {
    private DaemonProcesses() {
    }

    static Process start(Path dir, Path out, Path err, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + mainLogback(), "-cp", System.getProperty("java.class.path"),
                "io.lvmops.cli.LvmopsCommand"));
        argv.addAll(List.of(args));
        return new ProcessBuilder(argv).directory(dir.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                new File("/dev/null"))).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    static String mainLogback() {
        try {
            return Path.of(new URI(DaemonProcesses.class.getClassLoader().getResource("logback.xml").toString()))
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
