package io.lvmops.cli;

import io.lvmops.git.CommitSignatures;
import io.lvmops.git.GitCredentials;
import io.lvmops.git.GitSpecException;
import io.lvmops.git.GitSpecSource;
import io.lvmops.git.ResolvedSpec;
import io.lvmops.git.Revision;
import io.lvmops.model.Spec;
import io.lvmops.model.load.LoadedSpec;
import io.lvmops.model.load.SpecLoader;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * The spec every command works on, shared by validate, observe, status, plan and apply: either the SPEC positional
 * parameter (a local file or directory) or {@code --git URL [--ref REF] [--path DIR]}. Mix it in with
 * {@code @Mixin SpecOption spec;} and call {@link #loadOrReport(PrintWriter)} or {@link #resolveOrReport(PrintWriter)}
 * (the latter also gives the Git revision to print and record).
 */
public final class SpecOption {

    @Parameters(index = "0", paramLabel = "SPEC", arity = "0..1",
            description = "The spec: a YAML file, or a directory whose *.yaml/*.yml files are merged. "
                    + "Not with --git.")
    Path path;

    @Option(names = "--git", paramLabel = "URL",
            description = "Read the spec from a Git repository instead of SPEC: file:// or a path, ssh://, "
                    + "user@host:path or https://. Cloned into ${XDG_CACHE_HOME:-~/.cache}/lvmops/git, "
                    + "fetched incrementally.")
    String gitUrl;

    @Option(names = "--ref", paramLabel = "REF",
            description = "With --git: branch, tag or commit (default: the remote's default branch).")
    String ref;

    @Option(names = "--path", paramLabel = "DIR",
            description = "With --git: the spec file or directory inside the repository (default: the top).")
    String gitPath;

    @Option(names = "--git-ssh-key", paramLabel = "FILE",
            description = "With an ssh:// --git URL: the private key (default: ~/.ssh/id_*).")
    Path sshKey;

    @Option(names = "--git-known-hosts", paramLabel = "FILE",
            description = "With an ssh:// --git URL: known_hosts, checked strictly (default: ~/.ssh/known_hosts).")
    Path knownHosts;

    @Option(names = "--git-token-file", paramLabel = "FILE",
            description = "With an https:// --git URL: a file holding the access token (default: $"
                    + GitCredentials.TOKEN_ENV + " if set).")
    Path tokenFile;

    @Option(names = "--git-cache-dir", paramLabel = "DIR", hidden = true,
            description = "Where Git clones are cached (default: ${XDG_CACHE_HOME:-~/.cache}/lvmops/git).")
    Path cacheDir;

    @Option(names = "--require-signed-by", paramLabel = "KEYRING",
            description = "With --git: refuse the revision unless its commit is signed by a key in KEYRING "
                    + "(OpenPGP public keys as 'gpg --export' writes them, or an SSH allowed_signers file).")
    Path requireSignedBy;

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    CommandSpec command;

    private ResolvedSpec resolved;

    public Path path() {
        return path;
    }

    public boolean fromGit() {
        return gitUrl != null;
    }

    /** What to call the spec in messages: the path, or the Git URL (and its revision once loaded). */
    public String displayName() {
        if (resolved != null) {
            return resolved.describe();
        }
        return fromGit() ? gitUrl : String.valueOf(path);
    }

    /** Loads and validates the spec; never throws for a bad spec (a Git failure is a {@link GitSpecException}). */
    public LoadedSpec load() {
        return resolve().loaded();
    }

    /** The spec with its source and revision; loads once. */
    public ResolvedSpec resolve() {
        if (resolved == null) {
            checkUsage();
            if (fromGit()) {
                Map<String, String> env = System.getenv();
                GitCredentials credentials = GitCredentials.of(sshKey, knownHosts, tokenFile, env);
                Path cache = cacheDir != null ? cacheDir : GitSpecSource.defaultCacheRoot(env);
                try (GitSpecSource source = new GitSpecSource(gitUrl, cache, credentials)) {
                    source.fetch();
                    Revision revision = source.resolve(ref);
                    if (requireSignedBy != null) {
                        CommitSignatures.requireSignedBy(source.repository(), revision, requireSignedBy);
                    }
                    resolved = source.load(revision, gitPath);
                }
            } else {
                resolved = new ResolvedSpec(SpecLoader.load(path), path.toString(), null);
            }
        }
        return resolved;
    }

    /**
     * The valid spec, or null after printing every error and a count line on {@code err}; the caller then returns
     * {@link ExitCode#INVALID}.
     */
    public Spec loadOrReport(PrintWriter err) {
        ResolvedSpec r = resolveOrReport(err);
        return r == null ? null : r.spec();
    }

    /** As {@link #loadOrReport(PrintWriter)}, keeping the source and revision. */
    public ResolvedSpec resolveOrReport(PrintWriter err) {
        ResolvedSpec r = resolve();
        if (r.valid()) {
            return r;
        }
        SpecErrorPrinter.print(r.describe(), r.loaded(), err);
        return null;
    }

    private void checkUsage() {
        if (fromGit() && path != null) {
            throw usage("give either SPEC or --git URL, not both");
        }
        if (!fromGit()) {
            if (path == null) {
                throw usage("Missing required parameter: 'SPEC' (or --git URL)");
            }
            for (Object[] gitOnly : new Object[][] {{"--ref", ref}, {"--path", gitPath},
                    {"--require-signed-by", requireSignedBy}, {"--git-ssh-key", sshKey},
                    {"--git-known-hosts", knownHosts}, {"--git-token-file", tokenFile}}) {
                if (gitOnly[1] != null) {
                    throw usage(gitOnly[0] + " needs --git URL");
                }
            }
        }
    }

    private RuntimeException usage(String message) {
        if (command != null) {
            return new ParameterException(command.commandLine(), message);
        }
        return new IllegalArgumentException(message);
    }
}
