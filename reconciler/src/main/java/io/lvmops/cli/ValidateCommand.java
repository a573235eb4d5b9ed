package io.lvmops.cli;

import io.lvmops.model.Spec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code lvmops validate SPEC}: checks a spec without touching any node. */
@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        footerHeading = "%nExamples:%n",
        footer = {"  lvmops validate examples/two-nodes    # merges the directory's *.yaml",
                "  lvmops validate nodes.yaml            # a single file",
                "  lvmops validate spec/ && git push     # push a valid spec only",
                "  lvmops validate --git ssh://git@git.example.com/lvm.git --ref main"},
        description = {"Check a spec (SPEC, or --git URL [--ref REF] [--path DIR]): YAML syntax, every field, names, "
                + "sizes, references and cross-checks.",
                "Contacts no node. Exit codes: 0 valid, 3 invalid (each error printed on stderr as "
                        + "FILE:LINE:COLUMN: PATH: MESSAGE)."})
public final class ValidateCommand implements Callable<Integer> {

    @Mixin
    SpecOption specOption;

    @picocli.CommandLine.Spec
    CommandSpec command;

    @Override
    public Integer call() {
        Spec spec = specOption.loadOrReport(command.commandLine().getErr());
        if (spec == null) {
            return ExitCode.INVALID;
        }
        command.commandLine().getOut().printf("%s: valid (%s, %s, %s, %s)%n", specOption.displayName(),
                count(spec.nodes().size(), "node"), count(spec.devices().size(), "device"),
                count(spec.volumeGroups().size(), "volume group"),
                count(spec.logicalVolumes().size(), "logical volume"));
        command.commandLine().getOut().flush();
        return ExitCode.OK;
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
