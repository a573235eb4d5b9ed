package io.lvmops.chaos;

import io.lvmops.lab.Lab;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** lvmops' daemon as a separate process, logging at INFO with its own logback configuration (key=value lines). */
final class ChaosDaemon {
    private ChaosDaemon() {
    }

    /** A daemon configuration in mode correct for a Git repository (file://) or a spec directory. */
    static Path config(Path file, String specSource, Path stateDir) throws IOException {
        Files.writeString(file, """
                spec: %s
                stateDir: %s
                interval: 10s
                jitter: 1s
                syncInterval: 5s
                mode: correct
                backoffCap: 20s
                """.formatted(specSource, stateDir));
        return file;
    }

    static String gitSource(Path repo) {
        return "{git: {url: \"file://" + repo + "\", ref: main, path: spec}}";
    }

    static String pathSource(Path dir) {
        return "{path: \"" + dir + "\"}";
    }

    /** Starts the daemon; its log (stderr) goes to {@code log}. */
    static Process start(Lab lab, Path config, Path out, Path log) throws IOException {
        String logback;
        try {
            logback = Path.of(ChaosDaemon.class.getClassLoader().getResource("logback.xml").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        List<String> argv = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=" + logback, "-cp", System.getProperty("java.class.path"),
                "io.lvmops.cli.LvmopsCommand", "daemon", "--config", config.toString());
        return new ProcessBuilder(argv).directory(lab.repositoryRoot().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(log.toFile()).start();
    }
}
