package io.lvmops.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command's {@code --help} (and so its man page, generated from the same annotations) ends with examples:
 * {@code footerHeading = "%nExamples:%n"} and footer lines that run that very command.
 */
class HelpExamplesTest {

    @Test
    void theRootCommandShowsExamples() {
        CliRun run = CliRun.run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("\nExamples:\n").contains("\n  lvmops validate ");
    }

    @Test
    void everySubcommandShowsExamplesOfItself() {
        Map<String, CommandLine> subcommands = LvmopsCommand.newCommandLine().getSubcommands();
        assertThat(subcommands).containsKeys("validate", "observe", "status", "diff", "plan", "apply");

        subcommands.forEach((name, sub) -> {
            if (sub.getCommand() instanceof CommandLine.HelpCommand) {
                return; // picocli's own 'help': its usage is picocli's
            }
            CliRun run = CliRun.run(name, "--help");
            assertThat(run.exitCode()).as("lvmops %s --help exit code", name).isZero();
            assertThat(run.out()).as("lvmops %s --help", name).contains("\nExamples:\n");
            String examples = run.out().substring(run.out().indexOf("\nExamples:\n") + "\nExamples:\n".length());
            // each example is one unwrapped line of lvmops (a wrapped line would not start so), the first of
            // them runs this very command
            List<String> lines = examples.lines().takeWhile(line -> !line.isBlank()).toList();
            assertThat(lines).as("lvmops %s --help examples", name)
                    .isNotEmpty()
                    .allSatisfy(line -> assertThat(line).startsWith("  lvmops "));
            assertThat(lines.get(0)).as("lvmops %s --help, first example", name).startsWith("  lvmops " + name + " ");
        });
    }
}
