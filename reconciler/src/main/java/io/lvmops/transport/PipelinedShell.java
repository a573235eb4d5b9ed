package io.lvmops.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Pipelining", as Ansible calls it: a node's commands run one after another in one long-lived POSIX shell
 * ({@code [sudo -n] env LC_ALL=C sh -s}, started once through a {@link CommandStarter}, e.g. one SSH exec channel)
 * instead of one exec channel each. Under emulation every new channel costs ~0.1 s (sshd forks a session and the
 * user's login shell) and the per-command {@code sudo}/{@code env} wrappers ~0.06 s more; in the shell a command
 * costs a fork of {@code timeout}.
 * <p>
 * Same contract as {@link SshTransport#run}: the argv is quoted once and runs under the node's {@code timeout} (a
 * program we give up on still ends on the node), stdin is {@code /dev/null} or exactly the command's bytes, and a
 * command that times out, is killed, or a shell or connection that dies is a {@link TransportException} (the
 * outcome is unknown). Each command is a {@link ShellBlock}; its output is cut out of the shell's streams by
 * {@link FramedStream}. After a timeout or anything unexpected the shell is discarded, never reused in an unknown
 * state: the next command starts a fresh one.
 * <p>
 * One limitation of running under a shell: a program killed by a signal and one that exits with status 128+N look
 * the same to {@code sh}. Statuses above 128 are therefore reported as a killed program (outcome unknown), which is
 * what a command that really died is over a plain channel; no lvmops step expects such a status.
 * <p>
 * Safe for one thread at a time, like every transport.
 */
public final class PipelinedShell implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(PipelinedShell.class);
    /** The shell, read from stdin; {@link CommandStarter}s add {@code sudo -n} and {@code LC_ALL=C}. */
    static final List<String> SHELL = List.of("sh", "-s");
    /** Reads the shells' stdout and stderr; daemon threads, so a stuck stream never keeps the JVM alive. */
    private static final ExecutorService PUMPS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "lvmops-shell-io");
        thread.setDaemon(true);
        return thread;
    });

    /** How long a shell found dead may still take to deliver the rest of its stderr (its last words). */
    private static final Duration LAST_WORDS = Duration.ofSeconds(2);

    private final String node;
    private final CommandStarter starter;
    private final Function<Command, Duration> timeouts;
    private Shell shell;
    private int shellsStarted;

    /**
     * @param timeouts the timeout that applies to a command (e.g. the SSH settings' default for commands that set
     *                 none)
     */
    public PipelinedShell(String node, CommandStarter starter, Function<Command, Duration> timeouts) {
        this.node = node;
        this.starter = starter;
        this.timeouts = timeouts;
    }

    @Override
    public String node() {
        return node;
    }

    /** How many shells this transport has started: 1 for a whole run unless one was discarded. */
    public int shellsStarted() {
        return shellsStarted;
    }

    @Override
    public CommandResult run(Command command) throws TransportException {
        Duration timeout = timeouts.apply(command);
        List<String> argv = ExecArgv.bounded(command.argv(), timeout);
        String program = command.argv().get(0);
        long start = System.nanoTime();
        Shell current = shell();
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: shell runs {}", node, ShellQuoting.join(argv));
        }
        Reply reply;
        try {
            reply = current.run(argv, command.stdin(), timeout, command.maxOutputBytes());
        } catch (ShellLost e) {
            discard();
            throw new TransportException(node, program + " on " + node + ": " + e.getMessage()
                    + "; the command's outcome is unknown", e);
        } catch (InterruptedException e) {
            discard();
            Thread.currentThread().interrupt();
            throw new TransportException(node, "interrupted while running " + program + " on " + node
                    + "; the command's outcome is unknown", e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (reply.status() > 128) {
            throw new TransportException(node, program + " on " + node + " was killed by signal "
                    + (reply.status() - 128) + " (exit status " + reply.status() + "); the command's outcome is"
                    + " unknown");
        }
        return new CommandResult(reply.status(), reply.stdout(), reply.stderr(), took);
    }

    private Shell shell() throws TransportException {
        if (shell == null) {
            RunningCommand process = starter.start(Command.of(SHELL));
            shell = new Shell(process, ShellBlock.newNonce());
            shellsStarted++;
            LOG.debug("{}: started a shell for pipelined commands", node);
        }
        return shell;
    }

    private void discard() {
        if (shell != null) {
            shell.kill();
            shell = null;
        }
    }

    /** Ends the shell (EOF on its stdin, then its channel is closed); the transport it runs on stays open. */
    @Override
    public void close() {
        if (shell != null) {
            shell.process.close();
            shell = null;
        }
    }

    private record Reply(int status, String stdout, String stderr) {
    }

    /** The shell is gone or not in a state we know: the command's outcome is unknown. */
    private static final class ShellLost extends Exception {
        ShellLost(String message) {
            super(message);
        }

        ShellLost(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** One running shell and its two framed output streams, filled by two pumps; this object's monitor guards them. */
    private static final class Shell {
        final RunningCommand process;
        final String nonce;
        final FramedStream stdout = new FramedStream();
        final FramedStream stderr = new FramedStream();
        long sequence;
        boolean stdoutEnded;
        boolean stderrEnded;
        boolean timedOut;
        boolean overflowed;
        int limit = OutputLimit.MAX_BYTES;

        Shell(RunningCommand process, String nonce) {
            this.process = process;
            this.nonce = nonce;
            PUMPS.execute(() -> pump(process.stdout(), stdout, true));
            PUMPS.execute(() -> pump(process.stderr(), stderr, false));
        }

        Reply run(List<String> argv, byte[] stdin, Duration timeout, int maxOutputBytes)
                throws ShellLost, InterruptedException {
            ShellBlock block = new ShellBlock(nonce, sequence++);
            synchronized (this) {
                stdout.limitTo(maxOutputBytes);
                stderr.limitTo(maxOutputBytes);
                limit = maxOutputBytes;
            }
            ScheduledFuture<?> watchdog = Watchdog.after(timeout, this::timeOut);
            try {
                send(block.encode(argv, stdin));
                return await(block, timeout);
            } finally {
                watchdog.cancel(false);
            }
        }

        private void send(byte[] text) throws ShellLost {
            try {
                OutputStream in = process.stdin();
                in.write(text);
                in.flush();
            } catch (IOException e) {
                synchronized (this) {
                    if (timedOut) {
                        throw new ShellLost("it did not finish in time; its shell was closed", e);
                    }
                }
                throw new ShellLost("the shell stopped reading commands (" + e.getMessage() + ")", e);
            }
        }

        private synchronized Reply await(ShellBlock block, Duration timeout) throws ShellLost, InterruptedException {
            FramedStream.Frame out = null;
            FramedStream.Frame err = null;
            while (true) {
                try {
                    out = out != null ? out : stdout.take(block);
                    err = err != null ? err : stderr.take(block);
                } catch (IllegalStateException e) {
                    throw new ShellLost(e.getMessage(), e);
                }
                if (out != null && err != null) {
                    break;
                }
                if (timedOut) {
                    throw new ShellLost("it did not finish within " + timeout + "; its shell was closed");
                }
                if (overflowed) {
                    throw new ShellLost("it printed more than " + OutputLimit.describe(limit)
                            + "; its shell was closed");
                }
                if ((out == null && stdoutEnded) || (err == null && stderrEnded)) {
                    throw new ShellLost(ended());
                }
                wait();
            }
            if (out.exitStatus() != err.exitStatus()) {
                throw new ShellLost("the shell reported exit status " + out.exitStatus() + " on stdout but "
                        + err.exitStatus() + " on stderr");
            }
            if (out.stray().length > 0 || err.stray().length > 0) {
                LOG.debug("output outside any command before {}: stdout {} bytes, stderr \"{}\"", block,
                        out.stray().length, new String(err.stray(), StandardCharsets.UTF_8));
            }
            return new Reply(out.exitStatus(), out.text(), err.text());
        }

        /** Why the shell ended, with what it said on stderr (e.g. sudo refusing), which may still be arriving. */
        private String ended() throws InterruptedException {
            long deadline = System.nanoTime() + LAST_WORDS.toNanos();
            for (long left; !(stdoutEnded && stderrEnded) && !timedOut
                    && (left = deadline - System.nanoTime()) > 0; ) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            String said = stderr.pending().strip();
            return "the shell ended before the command did (killed? connection lost?)"
                    + (said.isEmpty() ? "" : "; it said: " + said);
        }

        /** The watchdog: wake the caller first, then close the shell off the watchdog's own thread. */
        private void timeOut() {
            synchronized (this) {
                timedOut = true;
                notifyAll();
            }
            kill();
        }

        /**
         * Closes the shell without waiting for it: closing may have to flush a block the shell no longer reads, so it
         * happens on a pump thread. The program it was running is still stopped by the node's {@code timeout}.
         */
        void kill() {
            PUMPS.execute(process::close);
        }

        private void pump(InputStream in, FramedStream frames, boolean isStdout) {
            byte[] chunk = new byte[8192];
            try (in) {
                for (int n; (n = in.read(chunk)) >= 0; ) {
                    synchronized (this) {
                        if (!frames.append(chunk, 0, n)) {
                            overflowed = true; // nothing more is kept: the caller discards the shell
                            notifyAll();
                            break;
                        }
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                LOG.debug("shell {} ended: {}", isStdout ? "stdout" : "stderr", e.getMessage());
            }
            synchronized (this) {
                if (isStdout) {
                    stdoutEnded = true;
                } else {
                    stderrEnded = true;
                }
                notifyAll();
            }
        }
    }
}
