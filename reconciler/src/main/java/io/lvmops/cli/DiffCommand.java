package io.lvmops.cli;

import io.lvmops.git.GitCredentials;
import io.lvmops.git.GitSpecSource;
import io.lvmops.git.ResolvedSpec;
import io.lvmops.git.diff.DiffRenderer;
import io.lvmops.git.diff.SpecChange;
import io.lvmops.git.diff.SpecDiff;
import io.lvmops.model.load.SpecLoader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code lvmops diff}: the semantic difference between two specs, for a reviewer; contacts no node. */
@Command(name = "diff", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        footerHeading = "%nExamples:%n",
        footer = {"  lvmops diff old-spec/ new-spec/",
                "  lvmops diff --git ssh://git@git.example.com/lvm.git --base main --head pr-42",
                "  lvmops diff --git /srv/git/lvm.git --base v1 --path clusters/prod"},
        description = {"Show what changes between two specs: OLD_SPEC NEW_SPEC (local paths), or "
                + "--git URL --base REF [--head REF] [--path DIR]. Contacts no node.",
                "Flags what needs --allow-destroy and what the plan would refuse (e.g. a shrink).",
                "Exit codes: 0 no differences, 2 differences, 3 invalid spec or usage, 1 Git error."})
public final class DiffCommand implements Callable<Integer> {

    @Parameters(arity = "0..2", paramLabel = "SPEC", description = "OLD_SPEC NEW_SPEC: two local spec paths.")
    List<Path> specs;

    @Option(names = "--git", paramLabel = "URL", description = "Compare two revisions of a spec in Git.")
    String gitUrl;

    @Option(names = "--base", paramLabel = "REF", description = "With --git: the old revision (branch, tag, commit).")
    String base;

    @Option(names = "--head", paramLabel = "REF",
            description = "With --git: the new revision (default: the remote's default branch).")
    String head;

    @Option(names = "--path", paramLabel = "DIR", description = "With --git: the spec inside the repository.")
    String path;

    @Option(names = "--git-ssh-key", paramLabel = "FILE", description = "Private key for ssh:// URLs.")
    Path sshKey;

    @Option(names = "--git-known-hosts", paramLabel = "FILE", description = "known_hosts for ssh:// URLs (strict).")
    Path knownHosts;

    @Option(names = "--git-token-file", paramLabel = "FILE",
            description = "Token for https:// URLs (default: $" + GitCredentials.TOKEN_ENV + ").")
    Path tokenFile;

    @Option(names = "--git-ca-file", paramLabel = "FILE",
            description = "CA certificates (PEM) trusted for https:// URLs instead of the JVM's (default: $"
                    + GitCredentials.CA_FILE_ENV + ").")
    Path caFile;

    @Option(names = "--git-cache-dir", paramLabel = "DIR", hidden = true)
    Path cacheDir;

    @ArgGroup(exclusive = true)
    Format format = new Format();

    static final class Format {
        @Option(names = "--markdown", description = "Markdown, e.g. for a pull-request comment.")
        boolean markdown;

        @Option(names = "--json", description = "JSON, for programs.")
        boolean json;
    }

    @picocli.CommandLine.Spec
    CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        ResolvedSpec oldSpec;
        ResolvedSpec newSpec;
        if (gitUrl != null) {
            if (specs != null && !specs.isEmpty()) {
                throw new ParameterException(command.commandLine(), "give either OLD_SPEC NEW_SPEC or --git URL");
            }
            if (base == null) {
                throw new ParameterException(command.commandLine(), "--git needs --base REF");
            }
            Map<String, String> env = System.getenv();
            Path cache = cacheDir != null ? cacheDir : GitSpecSource.defaultCacheRoot(env);
            try (GitSpecSource source = new GitSpecSource(gitUrl, cache,
                    GitCredentials.of(sshKey, knownHosts, tokenFile, caFile, env))) {
                source.fetch();
                oldSpec = source.load(source.resolve(base), path);
                newSpec = source.load(source.resolve(head), path);
            }
        } else {
            if (specs == null || specs.size() != 2) {
                throw new ParameterException(command.commandLine(),
                        "Missing required parameters: OLD_SPEC NEW_SPEC (or --git URL --base REF)");
            }
            if (base != null || head != null || path != null) {
                throw new ParameterException(command.commandLine(), "--base, --head and --path need --git URL");
            }
            oldSpec = new ResolvedSpec(SpecLoader.load(specs.get(0)), specs.get(0).toString(), null);
            newSpec = new ResolvedSpec(SpecLoader.load(specs.get(1)), specs.get(1).toString(), null);
        }
        boolean invalid = false;
        for (ResolvedSpec r : List.of(oldSpec, newSpec)) {
            if (!r.valid()) {
                SpecErrorPrinter.print(r.describe(), r.loaded(), err);
                invalid = true;
            }
        }
        if (invalid) {
            return ExitCode.INVALID;
        }
        List<SpecChange> changes = SpecDiff.between(oldSpec.spec(), newSpec.spec());
        DiffRenderer renderer = new DiffRenderer(changes, name(oldSpec), name(newSpec))
                .asciiArrows(!stdoutCanEncode('→'));
        out.print(format.json ? renderer.json() : format.markdown ? renderer.markdown() : renderer.text());
        out.flush();
        return changes.isEmpty() ? ExitCode.OK : ExitCode.CHANGES;
    }

    /** Java 17 writes stdout in the locale's charset: under LC_ALL=C an arrow would come out as '?'. */
    static boolean stdoutCanEncode(char c) {
        String enc = System.getProperty("sun.stdout.encoding");
        try {
            java.nio.charset.Charset cs = enc != null ? java.nio.charset.Charset.forName(enc)
                    : java.nio.charset.Charset.defaultCharset();
            return cs.newEncoder().canEncode(c);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String name(ResolvedSpec r) {
        return r.revision() != null ? r.revision() : r.source();
    }
}
