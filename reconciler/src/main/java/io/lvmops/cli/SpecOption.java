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
import io.lvmops.plan.render.PlanJson;
import org.eclipse.jgit.lib.ObjectId;
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
            description = "The spec: a YAML file, or a directory whose .yaml and .yml files are merged "
                    + "(in name order). "
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

    @Option(names = "--git-ca-file", paramLabel = "FILE",
            description = "With an https:// --git URL: trust only the CA certificates in FILE (PEM) for the "
                    + "server's certificate, as git's http.sslCAInfo (default: $" + GitCredentials.CA_FILE_ENV
                    + " if set, else the JVM's CAs). The certificate is always verified.")
    Path caFile;

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
    /** For a spec from Git: where exactly it was read (URL, ref name, path, commit), as a saved plan pins it. */
    private PlanJson.GitSpec pinned;

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

    /**
     * The spec with its source and revision; loads once. The revision is the Git one ({@code main@sha1:…}) or, for a
     * local spec, {@link SpecRevision#of(Path) a digest of its files} (null if it could not be loaded).
     */
    public ResolvedSpec resolve() {
        if (resolved == null) {
            checkUsage();
            if (fromGit()) {
                resolved = loadFromGit(gitUrl, source -> source.resolve(ref), gitPath);
            } else {
                LoadedSpec loaded = SpecLoader.load(path);
                resolved = new ResolvedSpec(loaded, path.toString(), loaded.valid() ? SpecRevision.of(path) : null);
            }
        }
        return resolved;
    }

    /**
     * Re-reads the spec a saved plan was made from: the same URL, path and commit (fetched again, so a commit that
     * only the remote has is found), with this command line's credentials, cache and --require-signed-by. --git,
     * --ref and --path belong to the plan, not to this command line.
     */
    public ResolvedSpec resolvePinned(PlanJson.GitSpec saved) {
        if (resolved == null) {
            for (Object[] planOnly : new Object[][] {{"--git", gitUrl}, {"--ref", ref}, {"--path", gitPath}}) {
                if (planOnly[1] != null) {
                    throw usage(planOnly[0] + ": the saved plan names its spec source (" + saved.url()
                            + (saved.path().isEmpty() ? "" : "//" + saved.path()) + " at commit " + saved.commit()
                            + "); give only the Git credential options with a saved plan");
                }
            }
            resolved = loadFromGit(saved.url(), source -> {
                Revision commit = source.resolve(saved.commit());
                return new Revision(saved.ref(), commit.commit());
            }, saved.path());
        }
        return resolved;
    }

    /** A saved plan from a local spec: the Git options have nothing to apply to. */
    public void requireNoGitOptions(String why) {
        for (Object[] gitOnly : gitOptions()) {
            if (gitOnly[1] != null) {
                throw usage(gitOnly[0] + ": " + why);
            }
        }
    }

    /** For a spec read from Git, where exactly (to save in a plan); null for a local spec. */
    public PlanJson.GitSpec pinned() {
        return pinned;
    }

    /**
     * The name under which the applied revision is recorded: the Git source ({@code URL} or {@code URL//PATH}), or
     * the absolute path of a local spec (so that 'status spec/' finds what 'apply ./spec' recorded).
     */
    public String stateKey() {
        ResolvedSpec r = resolved;
        if (r == null) {
            throw new IllegalStateException("the spec is not loaded yet");
        }
        return pinned != null ? r.source() : Path.of(r.source()).toAbsolutePath().normalize().toString();
    }

    private ResolvedSpec loadFromGit(String url, java.util.function.Function<GitSpecSource, Revision> which,
                                     String inRepo) {
        Map<String, String> env = System.getenv();
        GitCredentials credentials = GitCredentials.of(sshKey, knownHosts, tokenFile, caFile, env);
        Path cache = cacheDir != null ? cacheDir : GitSpecSource.defaultCacheRoot(env);
        try (GitSpecSource source = new GitSpecSource(url, cache, credentials)) {
            source.fetch();
            Revision revision = which.apply(source);
            if (requireSignedBy != null) {
                CommitSignatures.requireSignedBy(source.repository(), revision, requireSignedBy);
            }
            pinned = new PlanJson.GitSpec(source.url(), revision.refName(), inRepo == null ? "" : inRepo,
                    ObjectId.toString(revision.commit()));
            return source.load(revision, inRepo);
        }
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
            for (Object[] gitOnly : gitOptions()) {
                if (gitOnly[1] != null) {
                    throw usage(gitOnly[0] + " needs --git URL");
                }
            }
        }
    }

    private Object[][] gitOptions() {
        return new Object[][] {{"--git", gitUrl}, {"--ref", ref}, {"--path", gitPath},
                {"--require-signed-by", requireSignedBy}, {"--git-ssh-key", sshKey},
                {"--git-known-hosts", knownHosts}, {"--git-token-file", tokenFile},
                {"--git-ca-file", caFile}};
    }

    private RuntimeException usage(String message) {
        if (command != null) {
            return new ParameterException(command.commandLine(), message);
        }
        return new IllegalArgumentException(message);
    }
}
