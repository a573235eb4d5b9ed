package io.lvmops.cli;

import io.lvmops.daemon.ApiToken;
import io.lvmops.daemon.Daemon;
import io.lvmops.daemon.DaemonConfig;
import io.lvmops.daemon.DaemonConfigLoader;
import io.lvmops.daemon.DefaultCycleFactory;
import io.lvmops.daemon.ReconcileCycle;
import io.lvmops.daemon.ReconcileCycleFactory;
import io.lvmops.model.load.SpecError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code lvmops daemon --config FILE}: keep the nodes on the spec (see the README section "Daemon");
 * {@code lvmops daemon suspend|resume}: pause or resume the running daemon's corrections over its HTTP API.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Run the drift-correction daemon: a sync job applies new spec revisions, a drift job observes "
                + "every interval and, in mode correct, corrects drift. HTTP API (loopback by default): /healthz, "
                + "/status, /metrics, POST /suspend, POST /resume (these two need http.tokenFile's token when one is "
                + "set). Stops cleanly on SIGTERM.",
                "Exit codes: 0 stopped cleanly, 1 runtime error, 3 invalid configuration."},
        footerHeading = "%nExamples:%n",
        footer = {"  lvmops daemon --config /etc/lvmops/daemon.yaml",
                "  lvmops daemon suspend --config /etc/lvmops/daemon.yaml   # pause corrections",
                "  lvmops daemon resume --url http://127.0.0.1:9283 --token-file FILE"},
        subcommands = {DaemonCommand.Suspend.class, DaemonCommand.Resume.class})
public final class DaemonCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "The daemon's YAML configuration.")
    Path config;

    /** Test-only: a {@link ReconcileCycleFactory} class to use instead of the real one (the HA test's tracer). */
    @Option(names = "--cycle-factory", hidden = true)
    String cycleFactory;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = command.commandLine().getErr();
        if (config == null) {
            err.println("lvmops: daemon needs --config FILE (see packaging/daemon.yaml)");
            err.flush();
            return ExitCode.INVALID;
        }
        DaemonConfig cfg = loadOrReport(config, err);
        if (cfg == null) {
            return ExitCode.INVALID;
        }
        ReconcileCycle cycle;
        try {
            ReconcileCycleFactory factory = cycleFactory == null ? new DefaultCycleFactory()
                    : (ReconcileCycleFactory) Class.forName(cycleFactory).getDeclaredConstructor().newInstance();
            cycle = factory.create(cfg);
        } catch (IllegalArgumentException e) {
            err.println("lvmops: " + config + ": " + e.getMessage());
            err.flush();
            return ExitCode.INVALID;
        }
        Daemon daemon;
        try {
            daemon = Daemon.start(cfg, cycle);
        } catch (IllegalArgumentException e) {
            err.println("lvmops: " + config + ": " + e.getMessage());
            err.flush();
            return ExitCode.INVALID;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "lvmops-shutdown"));
        stopped.await();
        return ExitCode.OK;
    }

    static DaemonConfig loadOrReport(Path file, PrintWriter err) {
        DaemonConfigLoader.Loaded loaded = DaemonConfigLoader.load(file);
        if (loaded.valid()) {
            return loaded.config();
        }
        for (SpecError e : loaded.errors()) {
            err.println(e);
        }
        int n = loaded.errors().size();
        err.println(file + ": invalid (" + n + (n == 1 ? " error)" : " errors)"));
        err.flush();
        return null;
    }

    /** Shared by suspend and resume: which daemon to talk to. */
    abstract static class Toggle implements Callable<Integer> {
        @ParentCommand
        DaemonCommand parent;

        @Option(names = "--url", paramLabel = "URL",
                description = "The daemon's HTTP API, e.g. http://127.0.0.1:9283 (default: from --config, "
                        + "else http://" + DaemonConfig.DEFAULT_HTTP + ").")
        URI url;

        @Option(names = "--config", paramLabel = "FILE",
                description = "The daemon's configuration: its http address and http.tokenFile.")
        Path config;

        @Option(names = "--token-file", paramLabel = "FILE",
                description = "The daemon's API token (its http.tokenFile), sent as 'Authorization: Bearer' (default: "
                        + "http.tokenFile from --config; none without --config).")
        Path tokenFile;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec command;

        abstract String action();

        @Override
        public Integer call() throws Exception {
            PrintWriter out = command.commandLine().getOut();
            PrintWriter err = command.commandLine().getErr();
            URI base = url;
            Path token = tokenFile;
            Path configFile = config != null ? config : parent.config; // after the subcommand, or before it
            if ((base == null || token == null) && configFile != null) {
                DaemonConfig cfg = loadOrReport(configFile, err);
                if (cfg == null) {
                    return ExitCode.INVALID;
                }
                if (base == null) {
                    base = baseUrl(cfg.http());
                }
                if (token == null) {
                    token = cfg.httpApi().tokenFile();
                }
            }
            if (base == null) {
                base = URI.create("http://" + DaemonConfig.DEFAULT_HTTP);
            }
            URI target = base.resolve("/" + action());
            HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.noBody());
            if (token != null) {
                try {
                    request.header("Authorization", "Bearer " + ApiToken.read(token).value());
                } catch (IllegalArgumentException e) {
                    err.println("lvmops: the daemon's API token: " + e.getMessage());
                    err.flush();
                    return ExitCode.INVALID;
                }
            }
            HttpResponse<String> response;
            try {
                response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                        .send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                err.println("lvmops: cannot reach the daemon at " + base + ": " + (e.getMessage() == null
                        ? e.getClass().getSimpleName() : e.getMessage()));
                err.flush();
                return ExitCode.ERROR;
            }
            if (response.statusCode() == 401) {
                err.println("lvmops: the daemon at " + base + " refused the request (401): " + (token == null
                        ? "it needs its API token: --token-file FILE, or --config FILE with http.tokenFile"
                        : "the token in " + token + " is not the daemon's"));
                err.flush();
                return ExitCode.ERROR;
            }
            if (response.statusCode() != 200) {
                err.println("lvmops: the daemon at " + base + " answered " + response.statusCode() + ": "
                        + response.body().strip());
                err.flush();
                return ExitCode.ERROR;
            }
            out.println("daemon at " + base + ": " + (action().equals("suspend") ? "corrections suspended"
                    : "corrections resumed"));
            out.flush();
            return ExitCode.OK;
        }
    }

    private static URI baseUrl(java.net.InetSocketAddress http) {
        // a wildcard address is reached over loopback, the address the daemon always accepts in Host
        String host = http.getAddress() != null && http.getAddress().isAnyLocalAddress()
                ? (http.getAddress() instanceof java.net.Inet6Address ? "::1" : "127.0.0.1") : http.getHostString();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + http.getPort());
    }

    @Command(name = "suspend", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Pause the running daemon's corrections (it keeps observing and reporting).")
    static final class Suspend extends Toggle {
        @Override
        String action() {
            return "suspend";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Resume the running daemon's corrections.")
    static final class Resume extends Toggle {
        @Override
        String action() {
            return "resume";
        }
    }
}
