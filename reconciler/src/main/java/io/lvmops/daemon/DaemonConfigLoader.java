package io.lvmops.daemon;

import io.lvmops.model.load.SpecError;
import io.lvmops.model.load.SpecLimits;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and validates the daemon's YAML configuration. Every problem is collected and reported like a spec error:
 * {@code FILE:LINE:COLUMN: FIELD: MESSAGE}; nothing is started unless the whole file is valid.
 */
public final class DaemonConfigLoader {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Set<String> TOP = Set.of("spec", "interval", "jitter", "syncInterval", "mode", "http",
            "notify", "jobStore", "backoffCap", "ssh", "stateDir");

    private final String file;
    private final Path baseDir;
    private final List<SpecError> errors = new ArrayList<>();

    private static final Set<String> HTTP_KEYS = Set.of("listen", "tokenFile", "allowedHosts", "idleTimeout",
            "readTimeout", "threads");

    private DaemonConfigLoader(Path path) {
        this.file = path.toString();
        Path parent = path.toAbsolutePath().getParent();
        this.baseDir = parent == null ? Path.of("/") : parent;
    }

    /** The result: a config, or the errors (never both). */
    public record Loaded(DaemonConfig config, List<SpecError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    public static Loaded load(Path path) {
        DaemonConfigLoader loader = new DaemonConfigLoader(path);
        String text;
        try (java.io.InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(SpecLimits.MAX_BYTES + 1); // bounded: never more than the limit in memory
            if (bytes.length > SpecLimits.MAX_BYTES) {
                return new Loaded(null, List.of(SpecLimits.sizeProblem(path.toString(), Math.max(bytes.length,
                        Files.size(path)))));
            }
            text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new Loaded(null, List.of(new SpecError(path.toString(), 0, 0, "",
                    "cannot read the daemon configuration: " + e.getMessage())));
        }
        SpecError tooBig = SpecLimits.problem(path.toString(), text);
        if (tooBig != null) {
            return new Loaded(null, List.of(tooBig));
        }
        DaemonConfig config = loader.parse(text, path);
        return loader.errors.isEmpty() ? new Loaded(config, List.of())
                : new Loaded(null, loader.errors.stream().sorted().toList());
    }

    private DaemonConfig parse(String text, Path path) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            options.setCodePointLimit(SpecLimits.MAX_BYTES + 1);
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            errors.add(new SpecError(file, m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1, "",
                    "YAML syntax error: " + String.valueOf(e.getProblem()).replace('\n', ' ')));
            return null;
        } catch (YAMLException e) {
            errors.add(new SpecError(file, 1, 1, "", "YAML error: " + e.getMessage()));
            return null;
        }
        if (!(root instanceof MappingNode top)) {
            errors.add(new SpecError(file, 1, 1, "", root == null ? "the file is empty; expected at least 'spec:'"
                    : "expected a mapping of settings"));
            return null;
        }
        Map<String, NodeTuple> keys = keys(top, "", TOP);
        DaemonConfig.SpecSource spec = specSource(keys.get("spec"), top);
        Duration interval = duration(keys.get("interval"), "interval", DaemonConfig.DEFAULT_INTERVAL, false);
        Duration jitter = duration(keys.get("jitter"), "jitter", Duration.ZERO, true);
        Duration sync = duration(keys.get("syncInterval"), "syncInterval", DaemonConfig.DEFAULT_SYNC_INTERVAL, false);
        Duration cap = duration(keys.get("backoffCap"), "backoffCap", DaemonConfig.DEFAULT_BACKOFF_CAP, false);
        Mode mode = Mode.REPORT;
        if (keys.containsKey("mode")) {
            String m = scalar(keys.get("mode"), "mode");
            if (m != null) {
                switch (m) {
                    case "report" -> mode = Mode.REPORT;
                    case "correct" -> mode = Mode.CORRECT;
                    default -> error(keys.get("mode").getValueNode(), "mode",
                            "unknown mode '" + m + "'; expected report or correct");
                }
            }
        }
        InetSocketAddress http = null;
        DaemonConfig.HttpApi httpApi = DaemonConfig.HttpApi.DEFAULT;
        if (keys.get("http") != null && keys.get("http").getValueNode() instanceof MappingNode h) {
            Map<String, NodeTuple> hk = keys(h, "http", HTTP_KEYS);
            http = address(hk.get("listen"), "http.listen");
            httpApi = httpApi(hk);
        } else {
            http = address(keys.get("http"), "http");
        }
        if (http != null && httpApi != null && httpApi.tokenFile() == null && !DaemonHttpServer.isLoopback(http)) {
            error(keys.get("http").getValueNode(), "http.tokenFile", DaemonHttpServer.nonLoopbackWithoutToken(http)
                    + "; write a token to a file (install -m 0600 /dev/null FILE; openssl rand -hex 32 > FILE) "
                    + "and set http.tokenFile, or listen on 127.0.0.1");
        }
        List<URI> notify = notifyUrls(keys.get("notify"));
        DaemonConfig.JobStore store = jobStore(keys.get("jobStore"));
        DaemonConfig.Ssh ssh = ssh(keys.get("ssh"));
        if (interval != null && jitter != null && jitter.compareTo(interval) > 0) {
            error(keys.get("jitter").getValueNode(), "jitter", "must not be longer than interval (" + interval + ")");
        }
        if (interval != null && cap != null && cap.compareTo(interval) < 0) {
            // the default cap (15m) with a longer interval: named at the interval, the key the user wrote
            error(keys.containsKey("backoffCap") ? keys.get("backoffCap").getValueNode()
                    : keys.get("interval").getValueNode(), "backoffCap", "must be at least interval"
                    + (keys.containsKey("backoffCap") ? "" : " (default " + DaemonConfig.DEFAULT_BACKOFF_CAP.toMinutes()
                    + "m)"));
        }
        if (!errors.isEmpty()) {
            return null;
        }
        Path stateDir = optionalPath(keys.get("stateDir"), "stateDir");
        return new DaemonConfig(spec, interval, jitter, sync, mode, http, notify, store, cap, ssh, stateDir, path,
                httpApi);
    }

    private DaemonConfig.SpecSource specSource(NodeTuple t, MappingNode top) {
        if (t == null) {
            errors.add(new SpecError(file, top.getStartMark().getLine() + 1, 1, "spec",
                    "missing required key 'spec' (path: DIR, or git: {url, ref, path})"));
            return null;
        }
        if (!(t.getValueNode() instanceof MappingNode m)) {
            error(t.getValueNode(), "spec", "expected 'path: FILE' or 'git: {url: URL, ref: REF, path: DIR}'");
            return null;
        }
        Map<String, NodeTuple> k = keys(m, "spec", Set.of("path", "git"));
        if (k.containsKey("path") == k.containsKey("git")) {
            error(m, "spec", "give exactly one of 'path' or 'git'");
            return null;
        }
        if (k.containsKey("path")) {
            String p = scalar(k.get("path"), "spec.path");
            return p == null ? null : new DaemonConfig.PathSource(baseDir.resolve(p).normalize());
        }
        if (!(k.get("git").getValueNode() instanceof MappingNode g)) {
            error(k.get("git").getValueNode(), "spec.git", "expected a mapping with url, ref and path");
            return null;
        }
        Map<String, NodeTuple> gk = keys(g, "spec.git", Set.of("url", "ref", "path", "sshKey", "knownHosts",
                "tokenFile", "caFile", "requireSignedBy"));
        if (!gk.containsKey("url")) {
            error(g, "spec.git", "missing required key 'url'");
            return null;
        }
        String url = scalar(gk.get("url"), "spec.git.url");
        String ref = gk.containsKey("ref") ? scalar(gk.get("ref"), "spec.git.ref") : "main";
        String dir = gk.containsKey("path") ? scalar(gk.get("path"), "spec.git.path") : "";
        Path sshKey = optionalPath(gk.get("sshKey"), "spec.git.sshKey");
        Path knownHosts = optionalPath(gk.get("knownHosts"), "spec.git.knownHosts");
        Path tokenFile = optionalPath(gk.get("tokenFile"), "spec.git.tokenFile");
        Path caFile = optionalPath(gk.get("caFile"), "spec.git.caFile");
        Path requireSignedBy = optionalPath(gk.get("requireSignedBy"), "spec.git.requireSignedBy");
        return url == null ? null : new DaemonConfig.GitSource(url, ref, dir, sshKey, knownHosts, tokenFile, caFile,
                requireSignedBy);
    }

    private Path optionalPath(NodeTuple t, String field) {
        if (t == null) {
            return null;
        }
        String p = scalar(t, field);
        return p == null ? null : baseDir.resolve(p).normalize();
    }

    /** The HTTP API's mapping form: {@code http: {listen, tokenFile, allowedHosts, idleTimeout, readTimeout, threads}}. */
    private DaemonConfig.HttpApi httpApi(Map<String, NodeTuple> k) {
        DaemonConfig.HttpApi d = DaemonConfig.HttpApi.DEFAULT;
        Path tokenFile = optionalPath(k.get("tokenFile"), "http.tokenFile");
        if (tokenFile != null) {
            try {
                ApiToken.read(tokenFile);
            } catch (IllegalArgumentException e) {
                error(k.get("tokenFile").getValueNode(), "http.tokenFile", e.getMessage());
            }
        }
        List<String> hosts = new ArrayList<>();
        if (k.containsKey("allowedHosts")) {
            if (k.get("allowedHosts").getValueNode() instanceof SequenceNode seq) {
                for (int i = 0; i < seq.getValue().size(); i++) {
                    Node n = seq.getValue().get(i);
                    if (n instanceof ScalarNode s && s.getValue().matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
                        hosts.add(s.getValue());
                    } else {
                        error(n, "http.allowedHosts[" + i + "]", "expected a host name (no port, no scheme)");
                    }
                }
            } else {
                error(k.get("allowedHosts").getValueNode(), "http.allowedHosts", "expected a list of host names");
            }
        }
        Duration idle = duration(k.get("idleTimeout"), "http.idleTimeout", d.idleTimeout(), false);
        Duration read = duration(k.get("readTimeout"), "http.readTimeout", d.readTimeout(), false);
        int threads = d.threads();
        if (k.containsKey("threads")) {
            String v = scalar(k.get("threads"), "http.threads");
            try {
                threads = Integer.parseInt(String.valueOf(v));
                if (threads < 1 || threads > 64) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                error(k.get("threads").getValueNode(), "http.threads", "expected a whole number from 1 to 64");
                threads = d.threads();
            }
        }
        return idle == null || read == null ? null : new DaemonConfig.HttpApi(tokenFile, hosts, idle, read, threads);
    }

    private InetSocketAddress address(NodeTuple t, String field) {
        String value = t == null ? DaemonConfig.DEFAULT_HTTP : scalar(t, field);
        if (value == null) {
            return null;
        }
        int colon = value.lastIndexOf(':');
        try {
            if (colon < 1) {
                throw new NumberFormatException();
            }
            String host = value.substring(0, colon).replace("[", "").replace("]", "");
            int port = Integer.parseInt(value.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(host, port);
        } catch (NumberFormatException e) {
            error(t.getValueNode(), field, "expected HOST:PORT, e.g. " + DaemonConfig.DEFAULT_HTTP + ", got '"
                    + value + "'");
            return null;
        }
    }

    private List<URI> notifyUrls(NodeTuple t) {
        List<URI> urls = new ArrayList<>();
        if (t == null) {
            return urls;
        }
        if (!(t.getValueNode() instanceof SequenceNode seq)) {
            error(t.getValueNode(), "notify", "expected a list of http(s) URLs");
            return urls;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node n = seq.getValue().get(i);
            String field = "notify[" + i + "]";
            if (!(n instanceof ScalarNode s)) {
                error(n, field, "expected a URL");
                continue;
            }
            try {
                URI u = URI.create(s.getValue());
                if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                    throw new IllegalArgumentException();
                }
                urls.add(u);
            } catch (IllegalArgumentException e) {
                error(n, field, "expected an http:// or https:// URL, got '" + s.getValue() + "'");
            }
        }
        return urls;
    }

    private DaemonConfig.JobStore jobStore(NodeTuple t) {
        if (t == null) {
            return new DaemonConfig.RamStore();
        }
        if (t.getValueNode() instanceof ScalarNode s && "ram".equals(s.getValue())) {
            return new DaemonConfig.RamStore();
        }
        if (!(t.getValueNode() instanceof MappingNode m)) {
            error(t.getValueNode(), "jobStore", "expected 'ram' or a mapping {type: jdbc, url, user, passwordFile}");
            return null;
        }
        Map<String, NodeTuple> k = keys(m, "jobStore",
                Set.of("type", "url", "user", "passwordFile", "clusterCheckinInterval", "instanceId"));
        String type = k.containsKey("type") ? scalar(k.get("type"), "jobStore.type") : null;
        if ("ram".equals(type)) {
            return new DaemonConfig.RamStore();
        }
        if (!"jdbc".equals(type)) {
            error(k.containsKey("type") ? k.get("type").getValueNode() : m, "jobStore.type",
                    "expected ram or jdbc" + (type == null ? "" : ", got '" + type + "'"));
            return null;
        }
        String url = required(k, m, "url", "jobStore");
        if (url != null && !url.startsWith("jdbc:postgresql:")) {
            error(k.get("url").getValueNode(), "jobStore.url", "only PostgreSQL is supported: jdbc:postgresql://HOST:PORT/DB");
        }
        String user = required(k, m, "user", "jobStore");
        Path passwordFile = null;
        if (k.containsKey("passwordFile")) {
            String p = scalar(k.get("passwordFile"), "jobStore.passwordFile");
            if (p != null) {
                passwordFile = baseDir.resolve(p).normalize();
                if (!Files.isReadable(passwordFile)) {
                    error(k.get("passwordFile").getValueNode(), "jobStore.passwordFile", "cannot read " + passwordFile);
                }
            }
        }
        Duration checkin = duration(k.get("clusterCheckinInterval"), "jobStore.clusterCheckinInterval",
                Duration.ofMillis(7500), false);
        String id = k.containsKey("instanceId") ? scalar(k.get("instanceId"), "jobStore.instanceId") : "AUTO";
        return new DaemonConfig.JdbcStore(url, user, passwordFile, checkin, id);
    }

    private DaemonConfig.Ssh ssh(NodeTuple t) {
        if (t == null) {
            return DaemonConfig.Ssh.DEFAULT;
        }
        if (!(t.getValueNode() instanceof MappingNode m)) {
            error(t.getValueNode(), "ssh", "expected a mapping {acceptNewHostKeys, connectTimeout, parallel}");
            return null;
        }
        Map<String, NodeTuple> k = keys(m, "ssh", Set.of("acceptNewHostKeys", "connectTimeout", "parallel"));
        boolean accept = false;
        if (k.containsKey("acceptNewHostKeys")) {
            String v = scalar(k.get("acceptNewHostKeys"), "ssh.acceptNewHostKeys");
            if (!"true".equals(v) && !"false".equals(v)) {
                error(k.get("acceptNewHostKeys").getValueNode(), "ssh.acceptNewHostKeys", "expected true or false");
            }
            accept = "true".equals(v);
        }
        Duration connect = duration(k.get("connectTimeout"), "ssh.connectTimeout", Duration.ofSeconds(10), false);
        int parallel = 16;
        if (k.containsKey("parallel")) {
            String v = scalar(k.get("parallel"), "ssh.parallel");
            try {
                parallel = Integer.parseInt(v);
                if (parallel < 1) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                error(k.get("parallel").getValueNode(), "ssh.parallel", "expected a positive whole number");
            }
        }
        return new DaemonConfig.Ssh(accept, connect, parallel);
    }

    private String required(Map<String, NodeTuple> k, MappingNode m, String key, String parent) {
        if (!k.containsKey(key)) {
            error(m, parent + "." + key, "missing required key '" + key + "'");
            return null;
        }
        return scalar(k.get(key), parent + "." + key);
    }

    private Duration duration(NodeTuple t, String field, Duration dflt, boolean zeroAllowed) {
        if (t == null) {
            return dflt;
        }
        String v = scalar(t, field);
        if (v == null) {
            return null;
        }
        Matcher m = DURATION.matcher(v.trim());
        if (!m.matches()) {
            error(t.getValueNode(), field, "expected a duration like 500ms, 30s, 5m or 1h, got '" + v + "'");
            return null;
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (d.isZero() && !zeroAllowed) {
            error(t.getValueNode(), field, "must be longer than zero");
            return null;
        }
        return d;
    }

    private String scalar(NodeTuple t, String field) {
        if (t.getValueNode() instanceof ScalarNode s && !s.getValue().isEmpty()) {
            return s.getValue();
        }
        error(t.getValueNode(), field, "expected a value");
        return null;
    }

    private Map<String, NodeTuple> keys(MappingNode m, String parent, Set<String> known) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String field = (parent.isEmpty() ? "" : parent + ".");
            if (!(t.getKeyNode() instanceof ScalarNode s)) {
                error(t.getKeyNode(), parent, "a key must be a plain name");
                continue;
            }
            String name = s.getValue();
            if (!known.contains(name)) {
                error(s, field + name, "unknown key '" + name + "'; expected one of: "
                        + String.join(", ", known.stream().sorted().toList()));
            } else if (out.putIfAbsent(name, t) != null) {
                error(s, field + name, "duplicate key '" + name + "'");
            }
        }
        return out;
    }

    private void error(Node at, String field, String message) {
        Mark m = at.getStartMark();
        errors.add(new SpecError(file, m.getLine() + 1, m.getColumn() + 1, field, message));
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
