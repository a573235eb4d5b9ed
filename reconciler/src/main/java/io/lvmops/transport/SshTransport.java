package io.lvmops.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;

import io.lvmops.transport.CommandStarter;
import io.lvmops.transport.RunningCommand;
import io.lvmops.model.NodeSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands on one node over SSH (JSch). One connection for the whole run, opened on the first command and
 * opened again once if it was lost between commands; one exec channel per command. The argv is quoted exactly once
 * here ({@link ShellQuoting}) and always runs under {@code LC_ALL=C}, through {@code sudo -n} if the node says so,
 * and under the node's {@code timeout} so that a program we gave up on does not keep running there.
 */
public final class SshTransport implements Transport, CommandStarter {
    private static final Logger LOG = LoggerFactory.getLogger(SshTransport.class);
    /** OpenSSH's ServerAliveInterval and ServerAliveCountMax of every connection: dead after about 15 s of silence. */
    public static final Duration KEEPALIVE_INTERVAL = Duration.ofSeconds(5);
    public static final int KEEPALIVE_COUNT = 3;
    private final NodeSpec node;
    private final SshSettings settings;
    private final JSch jsch;
    private final ClientIdentities identities;
    private final KnownHostsFile knownHosts;
    private final AtomicInteger execChannels = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private Session session;

    SshTransport(NodeSpec node, SshSettings settings, JSch jsch, ClientIdentities identities,
                 KnownHostsFile knownHosts) {
        this.node = node;
        this.settings = settings;
        this.jsch = jsch;
        this.identities = identities;
        this.knownHosts = knownHosts;
    }

    @Override
    public String node() {
        return node.name();
    }

    /** How many exec channels this transport has opened: one per command that reached the node. */
    public int execChannelsOpened() {
        return execChannels.get();
    }

    /** How many SSH connections this transport has made (1 for a whole run unless one was lost). */
    public int connectionsOpened() {
        return connections.get();
    }

    @Override
    public CommandResult run(Command command) throws TransportException {
        Duration timeout = settings.timeoutOf(command);
        String line = ShellQuoting.join(ExecArgv.forNode(command.argv(), node.sudo(), timeout));
        long start = System.nanoTime();
        Exec exec = openExec(line, command.maxOutputBytes());
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> watchdog = Watchdog.after(timeout, () -> {
            timedOut.set(true);
            exec.kill();
        });
        try {
            exec.feed(command.stdin());
            exec.closed.await();
        } catch (InterruptedException e) {
            exec.kill();
            Thread.currentThread().interrupt();
            throw new TransportException(node.name(), "interrupted while running " + program(command) + " on "
                    + node, e);
        } finally {
            watchdog.cancel(false);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (exec.stdout.overflowed() || exec.stderr.overflowed()) {
            exec.kill();
            throw new TransportException(node.name(), OutputLimit.message(program(command), node.toString(),
                    command.maxOutputBytes()));
        }
        int status = exec.channel.getExitStatus();
        exec.channel.disconnect();
        if (timedOut.get()) {
            throw new TransportException(node.name(), program(command) + " on " + node + " did not finish within "
                    + timeout + "; its channel was closed (the command's outcome is unknown)");
        }
        if (status < 0) {
            String why = session.isConnected() ? "the server closed the channel without an exit status (killed by"
                    + " a signal?)" : "the connection was lost";
            throw new TransportException(node.name(), program(command) + " on " + node + ": " + why
                    + "; the command's outcome is unknown");
        }
        return new CommandResult(status, exec.stdout.text(), exec.stderr.text(), took);
    }

    /** A shell on one exec channel of this connection for many commands in a row; closing it ends the shell. */
    @Override
    public Transport pipelined() {
        return new PipelinedShell(node.name(), this, settings::timeoutOf);
    }

    /**
     * Starts a long-running program (the VG lock's {@code flock ... cat}) on an exec channel of this connection that
     * stays open until {@link RunningCommand#close()}: its stdin, stdout and stderr are the channel's streams. The
     * program is deliberately not bounded by the node's {@code timeout} (it lives as long as the apply); if lvmops
     * dies, the connection drops, sshd closes the program's stdin and it ends.
     */
    @Override
    public RunningCommand start(Command command) throws TransportException {
        String line = ShellQuoting.join(ExecArgv.forNode(command.argv(), node.sudo()));
        for (int attempt = 1; ; attempt++) {
            Session current = connectedSession();
            ChannelExec channel = null;
            try {
                channel = execChannel(current);
                channel.setCommand(line.getBytes(StandardCharsets.UTF_8));
                java.io.InputStream out = channel.getInputStream();
                java.io.InputStream err = channel.getExtInputStream();
                OutputStream in = channel.getOutputStream();
                channel.connect(connectTimeoutMillis());
                execChannels.incrementAndGet();
                LOG.debug("{}: started {}", node.name(), line);
                return new SshRunningCommand(channel, in, out, err);
            } catch (JSchException | IOException e) {
                if (channel != null) {
                    channel.disconnect();
                }
                boolean execNotSent = !"ChannelExec".equals(e.getMessage());
                if (attempt == 1 && execNotSent && !current.isConnected()) {
                    continue;
                }
                throw new TransportException(node.name(), "cannot start " + program(command) + " on " + node + ": "
                        + reason(e), e);
            }
        }
    }

    /** An exec channel left open; closing sends EOF to the program's stdin, then closes the channel. */
    private record SshRunningCommand(ChannelExec channel, OutputStream stdin, java.io.InputStream stdout,
                                     java.io.InputStream stderr) implements RunningCommand {
        @Override
        public boolean isAlive() {
            return channel.isConnected() && !channel.isClosed();
        }

        @Override
        public void close() {
            try {
                stdin.close();
            } catch (IOException e) {
                LOG.debug("closing the stdin of a channel: {}", e.getMessage());
            }
            channel.disconnect();
        }
    }

    /**
     * A new exec channel (not yet connected). JSch answers null instead of an exception when the connection broke
     * before it noticed (a lost connection still looks connected for a moment): the connection is then closed, so
     * that the caller's one reconnection applies.
     */
    private static ChannelExec execChannel(Session session) throws JSchException {
        ChannelExec channel = (ChannelExec) session.openChannel("exec");
        if (channel == null) {
            session.disconnect();
            throw new JSchException("the connection broke: no channel could be opened");
        }
        return channel;
    }

    private static String program(Command command) {
        return command.argv().get(0);
    }

    /**
     * Opens the exec channel, reconnecting once if the connection is gone. A retry only happens when the exec
     * request was not sent (JSch wraps failures of the exec request itself as "ChannelExec"), so a command is
     * never run twice.
     */
    private Exec openExec(String line, int maxOutputBytes) throws TransportException {
        for (int attempt = 1; ; attempt++) {
            Session current = connectedSession();
            Exec exec = new Exec(maxOutputBytes);
            try {
                exec.open(current, line, connectTimeoutMillis());
                execChannels.incrementAndGet();
                LOG.debug("{}: exec {}", node.name(), line);
                return exec;
            } catch (JSchException | IOException e) {
                exec.channel().ifPresent(ChannelExec::disconnect);
                boolean execNotSent = !"ChannelExec".equals(e.getMessage());
                if (attempt == 1 && execNotSent && !current.isConnected()) {
                    LOG.info("connection to {} was lost; reconnecting", node);
                    continue;
                }
                throw new TransportException(node.name(), "cannot run a command on " + node + ": " + reason(e), e);
            }
        }
    }

    /** Connects now, if not connected yet (a lost connection is made again by the next command anyway). */
    void connectNow() throws TransportException {
        connectedSession();
    }

    private Session connectedSession() throws TransportException {
        if (session != null && session.isConnected()) {
            return session;
        }
        if (session != null) {
            LOG.info("connection to {} was lost; reconnecting", node);
            session.disconnect();
        }
        session = connect();
        return session;
    }

    private Session connect() throws TransportException {
        HostKeyCheck hostKeyCheck = new HostKeyCheck(knownHosts);
        Session fresh;
        try {
            fresh = jsch.getSession(node.user(), node.host(), node.port());
        } catch (JSchException e) {
            throw new TransportException(node.name(), "cannot connect to " + node + ": " + reason(e), e);
        }
        fresh.setHostKeyRepository(hostKeyCheck);
        fresh.setIdentityRepository(identities);
        // Our HostKeyCheck decides (including accept-new); JSch must only ask it, never prompt or add keys.
        fresh.setConfig("StrictHostKeyChecking", "yes");
        fresh.setConfig("HashKnownHosts", "no");
        fresh.setConfig("prefer_known_host_key_types", "yes");
        fresh.setConfig("PreferredAuthentications", "publickey");
        // Fewer round trips per connection (this is most of a fleet observation's time): skip the "none" probe
        // for auth methods, and sign directly instead of first asking whether a key would be accepted, unless
        // an agent is involved (its keys may need a touch or a confirmation for every signature).
        fresh.setConfig("enable_auth_none", "no");
        fresh.setConfig("enable_pubkey_auth_query", identities.usesAgent() ? "yes" : "no");
        // JSch proves on every connection that each key exchange it may offer works here, by running it once
        // (post-quantum ones through Bouncy Castle): 0.3-0.6 s of a cold JVM's CPU per connection, more than the
        // handshake itself. Every algorithm of its proposal is available in this jar (Java 17's XDH and EC, Bouncy
        // Castle bundled), which SshKexAvailabilityTest checks, so the per-connection check is skipped.
        fresh.setConfig("CheckKexes", "");
        // Keepalives: a connection that silently stopped carrying data (a node frozen or cut off) is closed after
        // KEEPALIVE_COUNT unanswered probes, KEEPALIVE_INTERVAL apart, instead of looking open for hours; a VG lock
        // held over it then reads as lost (its channel ended) even before its heartbeat is missed.
        try {
            fresh.setServerAliveInterval((int) KEEPALIVE_INTERVAL.toMillis());
        } catch (JSchException e) {
            throw new TransportException(node.name(), "cannot connect to " + node + ": " + reason(e), e);
        }
        fresh.setServerAliveCountMax(KEEPALIVE_COUNT);
        fresh.setDaemonThread(true);
        long start = System.nanoTime();
        try {
            fresh.connect(connectTimeoutMillis());
        } catch (JSchException e) {
            fresh.disconnect();
            throw connectFailure(e, hostKeyCheck.verdict());
        }
        connections.incrementAndGet();
        LOG.debug("{}: connected in {} ms", node, (System.nanoTime() - start) / 1_000_000);
        return fresh;
    }

    private int connectTimeoutMillis() {
        return (int) settings.connectTimeout().toMillis();
    }

    private TransportException connectFailure(JSchException e, KnownHostsFile.Verdict verdict) {
        String where = node.name() + " (" + node.host() + ":" + node.port() + ")";
        if (verdict != null && verdict.outcome() == KnownHostsFile.Outcome.UNKNOWN) {
            return new TransportException(node.name(), "host key of node " + where + " is unknown: it presented "
                    + verdict.presented() + ", which is not in " + knownHosts.file() + ". Check that fingerprint"
                    + " on the node (ssh-keygen -lf /etc/ssh/ssh_host_" + keyFileName(verdict) + "_key.pub) and add"
                    + " the key to known_hosts, or run with --accept-new-host-keys to trust keys of new nodes on"
                    + " first contact.", e);
        }
        if (verdict != null && verdict.outcome() == KnownHostsFile.Outcome.CHANGED) {
            String message = "REFUSED: the host key of node " + where + " has CHANGED (or is revoked): it presented "
                    + verdict.presented() + ", but " + knownHosts.file() + " has " + verdict.known() + " for "
                    + verdict.host() + ". Someone may be intercepting the connection, or the node was reinstalled."
                    + " lvmops never accepts a changed key, not even with --accept-new-host-keys; if the change is"
                    + " expected, remove the old key (ssh-keygen -R '" + verdict.host() + "' -f " + knownHosts.file()
                    + ") and verify the new one.";
            LOG.error(message);
            return new TransportException(node.name(), message, e);
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.startsWith("Auth fail") || message.startsWith("Auth cancel")) {
            return new TransportException(node.name(), "cannot log in to node " + where + " as " + node.user()
                    + ": the server accepted none of " + identities.describe(), e);
        }
        return new TransportException(node.name(), "cannot connect to node " + where + ": " + reason(e), e);
    }

    private static String keyFileName(KnownHostsFile.Verdict verdict) {
        String type = verdict.presented().keyType();
        if (type.startsWith("ssh-ed25519")) {
            return "ed25519";
        }
        if (type.startsWith("ecdsa")) {
            return "ecdsa";
        }
        return type.startsWith("ssh-rsa") ? "rsa" : "*";
    }

    /** The root cause in words an operator understands. */
    static String reason(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof ConnectException) {
            return "connection refused (" + cause.getMessage() + ")";
        }
        if (cause instanceof UnknownHostException) {
            return "unknown host " + cause.getMessage();
        }
        if (cause instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (cause instanceof SocketTimeoutException
                || String.valueOf(failure.getMessage()).startsWith("timeout")) {
            return "no answer in time (" + failure.getMessage() + ")";
        }
        String text = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return cause == failure ? text : failure.getMessage() + ": " + text;
    }

    @Override
    public void close() {
        if (session != null) {
            session.disconnect();
            session = null;
        }
    }

    /**
     * One exec channel. JSch's session thread writes the output straight into our buffers, and closes the stderr
     * stream when the channel closes (after the exit status has arrived), which wakes the caller: no polling.
     */
    private static final class Exec {
        final CountDownLatch closed = new CountDownLatch(1);
        /** Past the limit JSch's thread only wakes the caller, which closes the channel (never from JSch's thread). */
        final OutputLimit.Capped stdout;
        final OutputLimit.Capped stderr;

        Exec(int maxOutputBytes) {
            stdout = new OutputLimit.Capped(maxOutputBytes, closed::countDown);
            stderr = new OutputLimit.Capped(maxOutputBytes, closed::countDown);
        }

        private ChannelExec channel;
        private OutputStream stdin;

        void open(Session session, String line, int connectTimeoutMillis) throws JSchException, IOException {
            channel = execChannel(session);
            channel.setCommand(line.getBytes(StandardCharsets.UTF_8));
            channel.setOutputStream(stdout);
            channel.setExtOutputStream(new OutputStream() {
                @Override
                public void write(int b) {
                    stderr.write(b);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    stderr.write(bytes, offset, length);
                }

                @Override
                public void close() {
                    closed.countDown();
                }
            });
            stdin = channel.getOutputStream();
            channel.connect(connectTimeoutMillis);
        }

        java.util.Optional<ChannelExec> channel() {
            return java.util.Optional.ofNullable(channel);
        }

        /** Sends stdin then EOF, so a program reading stdin never waits for more (like {@code ssh -n}). */
        void feed(byte[] bytes) {
            try (OutputStream in = stdin) {
                if (bytes.length > 0) {
                    in.write(bytes);
                }
            } catch (IOException e) {
                // The program closed its stdin or the channel ended first: like a shell pipe, not our error.
                LOG.debug("stdin not fully sent: {}", e.getMessage());
            }
        }

        /**
     * Asks the server to stop the program, then closes the channel. OpenSSH refuses signals for root logins
     * ("session signalling requires privilege separation"), hence also the node-side {@code timeout} in the argv.
     */
        void kill() {
            try {
                channel.sendSignal("TERM");
            } catch (Exception e) {
                LOG.debug("could not signal the remote program: {}", e.toString());
            }
            channel.disconnect();
        }
    }

}
