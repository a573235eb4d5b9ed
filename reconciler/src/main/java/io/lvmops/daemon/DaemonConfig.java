package io.lvmops.daemon;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The daemon's configuration file ({@code lvmops daemon --config FILE}), validated by {@link DaemonConfigLoader}.
 *
 * @param interval     how often the drift job observes and plans
 * @param jitter       a random delay in [0, jitter) added to each drift interval, so that several fleets (or HA
 *                     daemons restarted together) do not hit the nodes in lockstep
 * @param syncInterval how often the sync job fetches the spec source
 * @param backoffCap   the longest delay between two attempts after consecutive failures
 * @param stateDir     where the last applied revision is recorded (null: the CLI's default,
 *                     {@code ${XDG_STATE_HOME:-~/.local/state}/lvmops})
 * @param configFile   where the configuration was read from (relative paths in it are resolved against its directory)
 * @param httpApi      the HTTP API's token, accepted host names and timeouts ({@code http:} as a mapping)
 */
public record DaemonConfig(SpecSource spec, Duration interval, Duration jitter, Duration syncInterval, Mode mode,
                           InetSocketAddress http, List<URI> notifyUrls, JobStore jobStore, Duration backoffCap,
                           Ssh ssh, Path stateDir, Path configFile, HttpApi httpApi) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofMinutes(1);
    public static final Duration DEFAULT_BACKOFF_CAP = Duration.ofMinutes(15);
    public static final String DEFAULT_HTTP = "127.0.0.1:9283";

    public DaemonConfig {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(mode, "mode");
        notifyUrls = List.copyOf(notifyUrls);
        if (interval.isZero() || interval.isNegative() || syncInterval.isZero() || syncInterval.isNegative()) {
            throw new IllegalArgumentException("intervals must be positive");
        }
        Objects.requireNonNull(httpApi, "httpApi");
    }

    /** Without HTTP API settings: no token (so a loopback address only), the default timeouts. */
    public DaemonConfig(SpecSource spec, Duration interval, Duration jitter, Duration syncInterval, Mode mode,
                        InetSocketAddress http, List<URI> notifyUrls, JobStore jobStore, Duration backoffCap,
                        Ssh ssh, Path stateDir, Path configFile) {
        this(spec, interval, jitter, syncInterval, mode, http, notifyUrls, jobStore, backoffCap, ssh, stateDir,
                configFile, HttpApi.DEFAULT);
    }

    /**
     * The HTTP API's settings beyond its address.
     *
     * @param tokenFile    the bearer token that POST requests must carry (null: none, allowed on loopback only)
     * @param allowedHosts host names accepted in {@code Host} besides localhost, this machine's name and its addresses
     * @param idleTimeout  a connection that sends no byte for this long is closed
     * @param readTimeout  a request not received completely in this time is closed (answered 408 if its head came)
     * @param threads      the worker threads that answer complete requests
     */
    public record HttpApi(Path tokenFile, List<String> allowedHosts, Duration idleTimeout, Duration readTimeout,
                          int threads) {
        public static final HttpApi DEFAULT = new HttpApi(null, List.of(), Duration.ofSeconds(5),
                Duration.ofSeconds(10), 4);

        public HttpApi {
            allowedHosts = List.copyOf(allowedHosts);
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be positive");
            }
        }
    }

    /** Where the spec comes from: a local file or directory, or a Git repository. */
    public sealed interface SpecSource permits PathSource, GitSource {
    }

    public record PathSource(Path path) implements SpecSource {
    }

    /**
     * @param path      the directory (or file) inside the repository, "" for its root
     * @param sshKey    for ssh:// URLs (null: the default keys)
     * @param tokenFile for https:// URLs (null: $LVMOPS_GIT_TOKEN if set); the token is never logged
     * @param caFile    for https:// URLs: the CA certificates (PEM) trusted instead of the JVM's (null:
     *                  $GIT_SSL_CAINFO if set)
     * @param requireSignedBy a revision is used only if its commit is signed by a key in this keyring (the CLI's
     *                  --require-signed-by); null: no signature asked, which mode correct warns about
     */
    public record GitSource(String url, String ref, String path, Path sshKey, Path knownHosts, Path tokenFile,
                            Path caFile, Path requireSignedBy)
            implements SpecSource {
    }

    /** Quartz's job store: RAM (one daemon) or clustered JDBC on PostgreSQL (HA). */
    public sealed interface JobStore permits RamStore, JdbcStore {
    }

    public record RamStore() implements JobStore {
    }

    /**
     * @param passwordFile the database password is read from this file, never written in the config itself
     * @param instanceId   this daemon's Quartz instance id; "AUTO" makes one from the host name and a time
     */
    public record JdbcStore(String url, String user, Path passwordFile, Duration clusterCheckinInterval,
                            String instanceId) implements JobStore {
        @Override
        public String toString() {
            return "JdbcStore[url=" + url + ", user=" + user + ", passwordFile=" + passwordFile + "]";
        }
    }

    public record Ssh(boolean acceptNewHostKeys, Duration connectTimeout, int parallel) {
        public static final Ssh DEFAULT = new Ssh(false, Duration.ofSeconds(10), 16);
    }
}
