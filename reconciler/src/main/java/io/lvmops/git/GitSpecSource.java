package io.lvmops.git;

import io.lvmops.model.load.LoadedSpec;
import io.lvmops.model.load.SpecError;
import io.lvmops.model.load.SpecLimits;
import io.lvmops.model.load.SpecLoader;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A spec kept in a Git repository: a bare clone cached under {@code CACHE/lvmops/git/<hash of URL>} and fetched
 * incrementally on each run, a ref resolved to a commit, and the spec read from that commit's tree as blobs (never
 * from a work tree, so what is validated is exactly what was committed).
 *
 * <p>Not thread-safe; concurrent lvmops processes sharing a cache are serialized by a lock file.
 */
public final class GitSpecSource implements AutoCloseable {
    private static final String REMOTE_BRANCHES = Constants.R_REMOTES + "origin/";
    private static final String REMOTE_HEAD = REMOTE_BRANCHES + Constants.HEAD;

    private final String url;
    private final URIish uri;
    private final Path repoDir;
    private final GitCredentials credentials;
    private final GitTransports transports;
    private Repository repository;

    public GitSpecSource(String url, Path cacheRoot, GitCredentials credentials) {
        this(url, cacheRoot, credentials, GitTransports.userHome());
    }

    GitSpecSource(String url, Path cacheRoot, GitCredentials credentials, Path home) {
        this.url = normalize(url);
        try {
            this.uri = new URIish(this.url);
        } catch (URISyntaxException e) {
            throw new GitSpecException("'" + withoutPassword(this.url) + "' is not a Git URL: " + e.getReason(), e);
        }
        if (uri.getPass() != null || !withoutPassword(this.url).equals(this.url)) {
            // The URL is printed, recorded in applied.json and saved in plans: a secret must not be part of it.
            throw new GitSpecException("'" + withoutPassword(this.url) + "': a password or token in the Git URL "
                    + "would be printed and recorded; give the token with " + FetchFailures.TOKEN_HINT);
        }
        GitTransports.refuseTokenOverPlainHttp(uri, credentials, this.url);
        this.repoDir = cacheRoot.resolve(cacheKey(this.url));
        this.credentials = credentials;
        this.transports = new GitTransports(credentials, home);
    }

    /** {@code ${XDG_CACHE_HOME:-~/.cache}/lvmops/git}. */
    public static Path defaultCacheRoot(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : GitTransports.userHome().resolve(".cache");
        return base.resolve("lvmops").resolve("git");
    }

    public String url() {
        return url;
    }

    public Path repositoryDirectory() {
        return repoDir;
    }

    /** Clones into the cache on first use, fetches what is new afterwards (branches, tags, the remote's HEAD). */
    public void fetch() {
        boolean firstClone = !Files.exists(repoDir);
        try {
            Files.createDirectories(repoDir.getParent());
            FileLocks.withLock(repoDir.resolveSibling(repoDir.getFileName() + ".lock"), () -> {
                Repository repo = repository();
                FetchCommand fetch = Git.wrap(repo).fetch()
                        .setRemote(url)
                        .setRefSpecs(new RefSpec("+refs/heads/*:" + REMOTE_BRANCHES + "*"),
                                new RefSpec("+refs/tags/*:refs/tags/*"))
                        .setRemoveDeletedRefs(true);
                try {
                    rememberRemoteHead(repo, transports.configure(fetch, uri).call());
                } catch (GitAPIException e) {
                    throw new IOException(e);
                }
                return null;
            });
        } catch (IOException | RuntimeException e) {
            if (firstClone) {
                forgetFailedClone();
            }
            if (e instanceof GitSpecException g) {
                throw g;
            }
            String withheld = transports.tokenWithheld();
            throw new GitSpecException("cannot fetch " + url + ": " + (withheld != null ? withheld
                    : FetchFailures.describe(e, credentials)), e);
        }
    }

    /**
     * The commit {@code ref} names among the fetched refs: a branch, a tag, a full ref name or a commit id (full or
     * abbreviated); null or empty for the remote's default branch.
     */
    public Revision resolve(String ref) {
        Repository repo = repository();
        java.util.regex.Matcher relative = ref == null ? null
                : java.util.regex.Pattern.compile("(.+?)([~^].*)").matcher(ref);
        if (relative != null && relative.matches()) {
            // main~1, v1^, HEAD~2: an ancestor, named by its commit only (it is not a branch or tag tip).
            Revision anchor = resolve(relative.group(1).equals(Constants.HEAD) ? null : relative.group(1));
            try {
                ObjectId id = repo.resolve(anchor.sha() + relative.group(2) + "^{commit}");
                if (id != null) {
                    return new Revision(null, id);
                }
            } catch (RevisionSyntaxException | IOException e) {
                // falls through to "no such ref"
            }
            throw new GitSpecException(url + ": no commit '" + ref + "'");
        }
        try {
            if (ref == null || ref.isBlank() || ref.equals(Constants.HEAD)) {
                Ref head = repo.exactRef(REMOTE_HEAD);
                if (head == null || head.getObjectId() == null) {
                    throw new GitSpecException(url + ": cannot tell the remote's default branch; give --ref");
                }
                String target = head.isSymbolic() ? head.getTarget().getName() : head.getName();
                return revision(repo, shortBranch(target), head.getObjectId());
            }
            if (ObjectId.isId(ref)) {
                return commitById(repo, ref);
            }
            for (String candidate : List.of(REMOTE_BRANCHES + ref, Constants.R_TAGS + ref,
                    ref.startsWith(Constants.R_HEADS) ? REMOTE_BRANCHES + ref.substring(Constants.R_HEADS.length()) : ref)) {
                Ref r = repo.exactRef(candidate);
                if (r != null && r.getObjectId() != null) {
                    String name = candidate.startsWith(REMOTE_BRANCHES) ? shortBranch(candidate)
                            : Repository.shortenRefName(candidate);
                    return revision(repo, name, r.getObjectId());
                }
            }
            if (ref.matches("[0-9a-fA-F]{4,40}")) {
                ObjectId id = repo.resolve(ref + "^{commit}");
                if (id != null) {
                    return new Revision(null, id);
                }
            }
        } catch (RevisionSyntaxException | MissingObjectException e) {
            // falls through to "no such ref"
        } catch (IOException e) {
            throw new GitSpecException(url + ": cannot resolve '" + ref + "': " + rootMessage(e), e);
        }
        throw new GitSpecException(url + ": no branch, tag or commit named '" + ref + "'");
    }

    /**
     * A full commit id is that commit, looked up before any ref: a branch or tag named like the commit a plan or the
     * daemon pins (anyone who can push can create one) must not stand in for it, not even when the commit is absent.
     */
    private Revision commitById(Repository repo, String id) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            return new Revision(null, walk.parseCommit(ObjectId.fromString(id)).getId());
        } catch (MissingObjectException | org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
            throw new GitSpecException(url + ": no commit " + id + " (a 40-hex ref names a commit, never a branch "
                    + "or tag of that name)");
        }
    }

    /** Fetches, resolves and loads: the usual one-shot use. */
    public ResolvedSpec fetchAndLoad(String ref, String path) {
        fetch();
        return load(resolve(ref), path);
    }

    /**
     * The spec at {@code path} (a file, or a directory whose *.yaml/*.yml files are merged as SpecLoader does) in the
     * commit's tree. Each file is named {@code main@sha1:<12 hex>:path/in/repo} in errors.
     */
    public ResolvedSpec load(Revision revision, String path) {
        String inRepo = normalizePath(path);
        String source = inRepo.isEmpty() ? url : url + "//" + inRepo;
        return new ResolvedSpec(readSpec(repository(), revision, inRepo), source, revision.toString());
    }

    public Repository repository() {
        if (repository == null) {
            try {
                repository = new FileRepositoryBuilder().setGitDir(repoDir.toFile()).setBare().build();
                if (!repository.getObjectDatabase().exists()) {
                    repository.create(true);
                }
            } catch (IOException | IllegalStateException e) {
                throw new GitSpecException(repoDir + ": cannot open the Git cache: " + rootMessage(e), e);
            }
        }
        return repository;
    }

    static LoadedSpec readSpec(Repository repo, Revision revision, String inRepo) {
        String prefix = revision.shortForm() + ":";
        Map<String, String> files = new LinkedHashMap<>();
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit commit = walk.parseCommit(revision.commit());
            if (inRepo.isEmpty()) {
                collectYaml(repo, commit, "", prefix, files);
            } else {
                try (TreeWalk tw = TreeWalk.forPath(repo, inRepo, commit.getTree())) {
                    if (tw == null) {
                        return failure(prefix + inRepo, "no such file or directory in " + revision);
                    }
                    if (FileMode.TREE.equals(tw.getFileMode(0))) {
                        collectYaml(repo, commit, inRepo, prefix, files);
                    } else {
                        if (tooBig(repo, tw.getObjectId(0))) {
                            return failure(prefix + inRepo, SpecLimits.sizeProblem(prefix + inRepo,
                                    repo.open(tw.getObjectId(0)).getSize()).message());
                        }
                        String text = utf8(repo.open(tw.getObjectId(0)).getBytes());
                        if (text == null) {
                            return failure(prefix + inRepo, "not a UTF-8 text file");
                        }
                        files.put(prefix + inRepo, text);
                    }
                }
            }
            if (files.isEmpty()) {
                return failure(prefix + (inRepo.isEmpty() ? "." : inRepo), "the directory has no *.yaml or *.yml file");
            }
        } catch (TooBig e) {
            return new LoadedSpec(null, List.of(e.error), null);
        } catch (IOException e) {
            throw new GitSpecException("cannot read " + prefix + inRepo + ": " + rootMessage(e), e);
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            if (f.getValue() == null) {
                return failure(f.getKey(), "not a UTF-8 text file");
            }
        }
        return SpecLoader.load(files);
    }

    private static void collectYaml(Repository repo, RevCommit commit, String dir, String prefix,
                                    Map<String, String> files) throws IOException {
        TreeMap<String, ObjectId> blobs = new TreeMap<>();
        try (TreeWalk tw = new TreeWalk(repo)) {
            if (dir.isEmpty()) {
                tw.addTree(commit.getTree());
            } else {
                try (TreeWalk sub = TreeWalk.forPath(repo, dir, commit.getTree())) {
                    tw.addTree(sub.getObjectId(0));
                }
            }
            tw.setRecursive(false);
            while (tw.next()) {
                String name = tw.getNameString();
                int mode = tw.getRawMode(0);
                boolean file = FileMode.REGULAR_FILE.equals(mode) || FileMode.EXECUTABLE_FILE.equals(mode);
                if (file && (name.endsWith(".yaml") || name.endsWith(".yml"))) {
                    blobs.put(name, tw.getObjectId(0));
                }
            }
        }
        for (Map.Entry<String, ObjectId> b : blobs.entrySet()) {
            String name = prefix + (dir.isEmpty() ? "" : dir + "/") + b.getKey();
            long size = repo.open(b.getValue()).getSize();
            if (size > SpecLimits.MAX_BYTES) {
                throw new TooBig(SpecLimits.sizeProblem(name, size)); // not read
            }
            files.put(name, utf8(repo.open(b.getValue()).getBytes()));
        }
    }

    /** A blob over SpecLimits.MAX_BYTES, found before reading it. */
    private static final class TooBig extends RuntimeException {
        final transient SpecError error;

        TooBig(SpecError error) {
            super(error.toString(), null, false, false);
            this.error = error;
        }
    }

    private static boolean tooBig(Repository repo, ObjectId blob) throws IOException {
        return repo.open(blob).getSize() > SpecLimits.MAX_BYTES;
    }

    private static LoadedSpec failure(String file, String message) {
        return new LoadedSpec(null, List.of(new SpecError(file, 0, 0, "", message)), null);
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** "", "." and "./" mean the repository's top directory; otherwise a relative path without a trailing slash. */
    static String normalizePath(String path) {
        String p = path == null ? "" : path.strip().replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.equals(".")) {
            p = "";
        }
        if (p.equals("..") || p.startsWith("../") || p.contains("/../")) {
            throw new GitSpecException("--path '" + path + "' must stay inside the repository");
        }
        return p;
    }

    private static Revision revision(Repository repo, String name, ObjectId id) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            return new Revision(name, walk.parseCommit(id).getId());   // peels annotated tags
        }
    }

    private static String shortBranch(String refName) {
        return refName.startsWith(REMOTE_BRANCHES) ? refName.substring(REMOTE_BRANCHES.length())
                : Repository.shortenRefName(refName);
    }

    /** Records which branch the remote's HEAD points to, as refs/remotes/origin/HEAD, for a run without --ref. */
    private static void rememberRemoteHead(Repository repo, FetchResult result) throws IOException {
        Ref head = result.getAdvertisedRef(Constants.HEAD);
        if (head == null) {
            return;
        }
        String target = null;
        if (head.isSymbolic()) {
            target = head.getTarget().getName();
        } else if (head.getObjectId() != null) {
            // The server did not say which branch HEAD is: take the branch at the same commit, main/master first.
            for (String b : List.of("main", "master")) {
                Ref r = result.getAdvertisedRef(Constants.R_HEADS + b);
                if (r != null && head.getObjectId().equals(r.getObjectId())) {
                    target = r.getName();
                    break;
                }
            }
            if (target == null) {
                target = result.getAdvertisedRefs().stream()
                        .filter(r -> r.getName().startsWith(Constants.R_HEADS)
                                && head.getObjectId().equals(r.getObjectId()))
                        .map(Ref::getName).sorted().findFirst().orElse(null);
            }
        }
        if (target == null || !target.startsWith(Constants.R_HEADS)) {
            return;
        }
        RefUpdate u = repo.updateRef(REMOTE_HEAD);
        u.disableRefLog();
        u.link(REMOTE_BRANCHES + target.substring(Constants.R_HEADS.length()));
    }

    /** A first clone that failed leaves no empty repository behind in the cache. */
    private void forgetFailedClone() {
        if (repository != null) {
            repository.close();
            repository = null;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(repoDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a later run reuses or re-creates it
        }
        try {
            Files.deleteIfExists(repoDir.resolveSibling(repoDir.getFileName() + ".lock"));
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** Plain relative paths are made absolute so that the cache key and the printed source are stable. */
    static String normalize(String url) {
        String u = url == null ? "" : url.strip();
        if (u.isEmpty()) {
            throw new GitSpecException("--git needs a URL");
        }
        boolean hasScheme = u.matches("[A-Za-z][A-Za-z0-9+.-]*://.*");
        boolean scpLike = u.matches("[^/]+@[^/:]+:.*") || u.matches("[^/@]+\\.[^/:@]+:.*");
        if (!hasScheme && !scpLike) {
            return Path.of(u).toAbsolutePath().normalize().toString();
        }
        return u;
    }

    /**
     * {@code https://user:***@host/…} for {@code https://user:secret@host/…}; other URLs unchanged. Up to the last
     * '@', since a token may contain '/' (JGit then takes it for part of the path and the URL would go out as it
     * is): hiding too much beats printing a secret.
     */
    static String withoutPassword(String url) {
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        int colon = scheme < 0 ? -1 : url.indexOf(':', scheme + 3);
        if (scheme < 0 || at < scheme || colon < 0 || colon > at
                || url.substring(colon + 1, at).matches("\\d+/.*")) {   // host:PORT/path@…: no password
            return url;
        }
        return url.substring(0, colon + 1) + "***" + url.substring(at);
    }

    static String cacheKey(String url) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        String best = e.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                best = t.getMessage();
            }
        }
        if (t instanceof GitSpecException) {
            return t.getMessage();
        }
        return best == null ? e.getClass().getSimpleName() : best;
    }

    @Override
    public void close() {
        transports.close();
        if (repository != null) {
            repository.close();
            repository = null;
        }
    }
}
