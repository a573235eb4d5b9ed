package io.lvmops.model.load;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** model/ must stay free of SSH, Git, Quartz and CLI libraries: the spec is read by git hooks and editors too. */
class ModelDependenciesTest {
    private static final List<String> FORBIDDEN_PACKAGES = List.of(
            "com.jcraft.jsch", "org.apache.sshd", "net.schmizz.sshj", "org.eclipse.jgit", "org.quartz", "picocli",
            "io.lvmops.cli", "io.lvmops.transport", "io.lvmops.observe", "io.lvmops.plan", "io.lvmops.apply",
            "io.lvmops.git", "io.lvmops.daemon");

    /** One class of each forbidden library: none may be on the model's (test) class path. */
    private static final List<String> MARKER_CLASSES = List.of(
            "com.jcraft.jsch.JSch", "org.apache.sshd.client.SshClient", "org.eclipse.jgit.api.Git",
            "org.quartz.Scheduler", "picocli.CommandLine");

    @Test
    void noForbiddenLibraryIsOnTheClassPath() {
        for (String marker : MARKER_CLASSES) {
            assertThatThrownBy(() -> Class.forName(marker)).as(marker + " must not be reachable from model/")
                    .isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void noModelSourceImportsAForbiddenPackage() throws IOException {
        Path sources = Path.of("src", "main", "java");
        assertThat(sources).isDirectory();
        try (Stream<Path> files = Files.walk(sources)) {
            List<Path> java = files.filter(p -> p.toString().endsWith(".java")).toList();
            assertThat(java).isNotEmpty();
            for (Path file : java) {
                for (String line : Files.readAllLines(file)) {
                    String l = line.trim();
                    if (l.startsWith("import ")) {
                        for (String forbidden : FORBIDDEN_PACKAGES) {
                            assertThat(l).as(file + " imports " + forbidden)
                                    .doesNotContain(" " + forbidden + ".").doesNotContain(" static " + forbidden + ".");
                        }
                    }
                }
            }
        }
    }

    @Test
    void theModelPomDeclaresNoForbiddenDependency() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        for (String artifact : List.of("jsch", "sshd", "jgit", "quartz", "picocli")) {
            assertThat(pom).as("model/pom.xml depends on " + artifact).doesNotContain(artifact);
        }
    }
}
