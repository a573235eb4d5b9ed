package io.lvmops.packaging;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Installs the built package on this very machine with {@code dpkg -i}, uses it as an operator would, and purges
 * it: nothing of it may be left. Needs root and changes the machine while it runs, so it is not in the fast suite:
 * {@code mvn -Pdeb -pl packaging verify} after {@code mvn install} (lab/test-all runs it).
 */
@Tag("deb")
class DebPackageTest {

    private static final Path UNIT = Path.of("/lib/systemd/system/lvmops.service");
    private static final Path JAR = Path.of("/usr/share/lvmops/lvmops.jar");
    private static final Path ARCHIVE = Path.of("/usr/share/lvmops/lvmops.jsa");
    private static final Path ENABLED = Path.of("/etc/systemd/system/multi-user.target.wants/lvmops.service");

    private static Path deb;
    private static String mavenVersion;

    @BeforeAll
    static void findThePackage() {
        assertThat(Shell.run("id", "-u").output().strip()).as("dpkg -i needs root").isEqualTo("0");
        mavenVersion = System.getProperty("lvmops.version");
        String debVersion = mavenVersion.replace("-SNAPSHOT", "~SNAPSHOT");
        deb = Path.of(System.getProperty("lvmops.debDir"), "lvmops_" + debVersion + "_all.deb");
        assertThat(deb).as("built by 'mvn package'").isRegularFile();
        // a clean slate: an lvmops installed before (by hand, by an aborted run) would hide what this one does
        Shell.run("dpkg", "--purge", "lvmops");
    }

    @AfterAll
    static void neverLeaveItInstalled() {
        // after a failed assertion too: the next run, and the other engineers on this machine, expect no lvmops
        Shell.run("dpkg", "--purge", "lvmops");
    }

    @Test
    void installsRunsAndPurgesWithoutATrace() throws IOException {
        install();
        List<Path> files = installedFiles();

        theCommandRunsFromThePath();
        theStartupArchiveWasMadeForThisJvm();
        aStaleArchiveIsIgnoredSilently();
        aJavaChangeRemakesTheArchive();
        theUnitVerifies();
        theDaemonUserExists();
        completionManPagesSchemaAndConfigAreInPlace();

        // the operator enabled the daemon (systemctl does that without a running systemd too)
        assertThat(Shell.run("systemctl", "enable", "lvmops.service").exitCode()).isZero();
        assertThat(ENABLED).isSymbolicLink();

        Shell purge = Shell.run("dpkg", "--purge", "lvmops");
        assertThat(purge.exitCode()).as("dpkg --purge: %s", purge).isZero();
        assertThat(files).as("every file of the package").allSatisfy(f -> assertThat(f).doesNotExist());
        assertThat(List.of(Path.of("/usr/share/lvmops"), Path.of("/etc/lvmops"), Path.of("/var/lib/lvmops"),
                Path.of("/var/cache/lvmops"), ARCHIVE)).allSatisfy(p -> assertThat(p).doesNotExist());
        assertThat(ENABLED).as("the enable symlink").doesNotExist();
        assertThat(Shell.run("getent", "passwd", "lvmops").exitCode()).as("user lvmops after purge").isNotZero();
        assertThat(Shell.run("getent", "group", "lvmops").exitCode()).as("group lvmops after purge").isNotZero();
        assertThat(Shell.run("dpkg-query", "-W", "-f=${db:Status-Abbrev}", "lvmops").output())
                .as("dpkg's record of lvmops").doesNotStartWith("ii").doesNotStartWith("rc");
    }

    @Test
    void theVerifierFlagsABrokenUnit(@TempDir Path dir) throws IOException {
        // the check above must be able to fail: the same unit with an unknown key and a relative ExecStart
        String unit = Files.readString(Path.of("src/deb/lvmops.service"))
                .replace("Restart=on-failure", "Restart=on-failure\nRestartEvery=5s")
                .replace("ExecStart=/usr/bin/lvmops", "ExecStart=lvmops-nowhere");
        Path broken = dir.resolve("lvmops.service");
        Files.writeString(broken, unit);

        assertThat(UnitVerifier.problems(broken))
                .anySatisfy(line -> assertThat(line).contains("RestartEvery"))
                .anySatisfy(line -> assertThat(line).contains("lvmops-nowhere"));
    }

    private static void install() {
        Shell dpkg = Shell.run("dpkg", "-i", deb.toString());
        if (dpkg.exitCode() != 0 && dpkg.output().contains("dependency problems")) {
            // a machine without a Java runtime: let apt bring in default-jre-headless and finish the install
            Shell apt = Shell.run("apt-get", "install", "-y", "-f", "--no-install-recommends");
            assertThat(apt.exitCode()).as("apt-get install -f after dpkg -i: %s\n%s", dpkg, apt).isZero();
        } else {
            assertThat(dpkg.exitCode()).as("dpkg -i %s: %s", deb, dpkg).isZero();
        }
        assertThat(Shell.run("dpkg-query", "-W", "-f=${db:Status-Abbrev} ${Version}", "lvmops").output())
                .isEqualTo("ii  " + mavenVersion.replace("-SNAPSHOT", "~SNAPSHOT"));
    }

    private static List<Path> installedFiles() {
        return Shell.run("dpkg", "-L", "lvmops").output().lines().map(Path::of).filter(Files::isRegularFile).toList();
    }

    private static void theCommandRunsFromThePath() {
        assertThat(Shell.sh("command -v lvmops").output().strip()).isEqualTo("/usr/bin/lvmops");

        Shell version = Shell.run("lvmops", "--version");
        assertThat(version.exitCode()).as("lvmops --version: %s", version).isZero();
        assertThat(version.output().strip()).isEqualTo("lvmops " + mavenVersion);

        Shell validate = Shell.run("lvmops", "validate", "/usr/share/lvmops/examples/two-nodes");
        assertThat(validate.exitCode()).as("lvmops validate: %s", validate).isZero();
        assertThat(validate.output()).startsWith("/usr/share/lvmops/examples/two-nodes: valid (2 nodes");
    }

    private static void theStartupArchiveWasMadeForThisJvm() {
        assertThat(ARCHIVE).as("made by postinst").isRegularFile();
        // -Xshare:on refuses to start when the archive does not fit this JVM and jar (the launcher uses :auto)
        Shell strict = Shell.run("java", "-XX:SharedArchiveFile=" + ARCHIVE, "-Xshare:on", "-jar", JAR.toString(),
                "--version");
        assertThat(strict.exitCode()).as("java -Xshare:on with the archive: %s", strict).isZero();
    }

    private static void aStaleArchiveIsIgnoredSilently() {
        // the jar changed after the archive was made (as after a hand-made upgrade): the JVM refuses the archive,
        // and the launcher must still run, printing nothing about it
        assertThat(Shell.run("touch", JAR.toString()).exitCode()).isZero();
        Shell strict = Shell.run("java", "-XX:SharedArchiveFile=" + ARCHIVE, "-Xshare:on", "-jar", JAR.toString(),
                "--version");
        assertThat(strict.exitCode()).as("the archive is stale now: %s", strict).isNotZero();

        Shell version = Shell.run("lvmops", "--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.output()).isEqualTo("lvmops " + mavenVersion + "\n");
    }

    private static void aJavaChangeRemakesTheArchive() {
        // what an upgrade of any package with files in /usr/lib/jvm does: activate the trigger, then run it
        assertThat(Shell.run("dpkg-trigger", "--no-await", "/usr/lib/jvm").exitCode()).isZero();
        Shell triggers = Shell.run("dpkg", "--triggers-only", "lvmops");
        assertThat(triggers.exitCode()).as("dpkg --triggers-only lvmops: %s", triggers).isZero();
        Shell strict = Shell.run("java", "-XX:SharedArchiveFile=" + ARCHIVE, "-Xshare:on", "-jar", JAR.toString(),
                "--version");
        assertThat(strict.exitCode()).as("java -Xshare:on with the remade archive: %s", strict).isZero();
    }

    private static void theUnitVerifies() throws IOException {
        assertThat(UnitVerifier.problems(UNIT)).as("systemd-analyze verify %s", UNIT).isEmpty();
        String unit = Files.readString(UNIT);
        assertThat(unit).contains("User=lvmops", "Restart=on-failure", "ProtectSystem=strict",
                "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX")
                .doesNotContain("\nMemoryDenyWriteExecute=");
    }

    private static void theDaemonUserExists() {
        Shell user = Shell.run("getent", "passwd", "lvmops");
        assertThat(user.exitCode()).as("user lvmops").isZero();
        String[] fields = user.output().strip().split(":");
        assertThat(Integer.parseInt(fields[2])).as("a system uid").isLessThan(1000);
        assertThat(fields[5]).isEqualTo("/var/lib/lvmops");
        assertThat(fields[6]).isEqualTo("/usr/sbin/nologin");
        assertThat(Path.of("/var/lib/lvmops")).isDirectory();
    }

    private static void completionManPagesSchemaAndConfigAreInPlace() {
        assertThat(Path.of("/usr/share/lvmops/lvmops-spec-v1.schema.json")).isRegularFile();
        assertThat(Path.of("/usr/share/zsh/vendor-completions/_lvmops")).isRegularFile();
        assertThat(Shell.run("head", "-1", "/usr/share/zsh/vendor-completions/_lvmops").output())
                .isEqualTo("#compdef lvmops\n");

        // bash: the installed script completes a subcommand name
        Shell bash = Shell.run("bash", "-c", "source /usr/share/bash-completion/completions/lvmops; "
                + "COMP_WORDS=(lvmops val); COMP_CWORD=1; COMP_LINE='lvmops val'; COMP_POINT=10; "
                + "_complete_lvmops; echo \"${COMPREPLY[@]}\"");
        assertThat(bash.output().strip()).as("bash completion of 'lvmops val': %s", bash).isEqualTo("validate");

        // man pages: one per command, each with the examples of its --help (picocli's footer)
        // zsh: an interactive zsh with compinit (default fpath, which has vendor-completions) completes on <TAB>
        if (Shell.sh("command -v zsh").exitCode() == 0) {
            Shell zsh = Shell.run("zsh", "-f", Path.of("src/test/resources/zsh-complete.zsh").toAbsolutePath()
                    .toString(), "lvmops stat");
            assertThat(zsh.output().strip()).as("zsh completion of 'lvmops stat': %s", zsh)
                    .isEqualTo("[lvmops status]");
        } else {
            System.err.println("DebPackageTest: zsh is not installed; its completion was checked for the #compdef "
                    + "line only (apt-get install zsh to run it)");
        }

        for (String command : List.of("", "validate", "observe", "status", "diff", "plan", "apply")) {
            String page = command.isEmpty() ? "lvmops" : "lvmops-" + command;
            Path gz = Path.of("/usr/share/man/man1/" + page + ".1.gz");
            assertThat(gz).isRegularFile();
            String troff = Shell.run("zcat", gz.toString()).output();
            String title = page.toUpperCase(Locale.ROOT).replace("-", "\\-"); // troff escapes hyphens
            assertThat(troff).as(page + "(1)").contains(".TH \"" + title + "\" \"1\"");
            String examples = troff.substring(Math.max(0, troff.indexOf(".SH \"EXAMPLES:\"")));
            assertThat(examples).as(page + "(1) examples").startsWith(".SH \"EXAMPLES:\"")
                    .contains(command.isEmpty() ? "lvmops validate " : "lvmops " + command + " ");
            assertThat(Shell.run("man", "-w", page).output().strip()).as("man -w " + page).isEqualTo(gz.toString());
        }

        assertThat(Shell.run("dpkg-query", "-W", "-f=${Conffiles}", "lvmops").output())
                .contains("/etc/lvmops/daemon.yaml");
        assertThat(Path.of("/etc/lvmops/daemon.yaml")).content().contains("http: 127.0.0.1:9283");
    }
}
