package io.lvmops.cli;

import io.lvmops.apply.lock.LocalProcessStarter;
import io.lvmops.transport.Command;
import io.lvmops.transport.CommandResult;
import io.lvmops.transport.CommandStarter;
import io.lvmops.transport.RunningCommand;
import io.lvmops.transport.Transport;
import io.lvmops.transport.TransportException;
import io.lvmops.transport.TransportFactory;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * One run of the real command line on hostile input, with nodes that record every command, and the checks every
 * hostile input must pass: a non-zero exit, no stack trace, no control character in what is printed, bounded output,
 * time and heap, and nothing but the read-only observation (and the lock programs of apply) reaching a node.
 */
final class HostileRun {
    /** A hang detector for a loaded 2-core machine, not a benchmark. */
    static final Duration TIME_BOUND = Duration.ofSeconds(10);
    /** What one command may print on stdout and stderr together. */
    static final int OUTPUT_BOUND = 1 << 20;
    /**
     * What the old generation may hold at its peak during one run (the JVM's own maximum is far larger on a build
     * machine): what a run keeps alive long enough to be promoted, e.g. an expanded alias bomb or a huge tree. The
     * young generation's peak is not counted: it fills with garbage up to its size whatever the input.
     */
    static final long HEAP_BOUND = 512L << 20;

    /**
     * A stack trace: a frame line ("\tat pkg.Class.method(File.java:12)"), a "Caused by:" line, a Java class name
     * ending in Exception or Error (qualified or not), or a class of lvmops, the JDK's java.lang/java.util or Jackson
     * by its qualified name: the operator must get words, never a class name. (A name quoted from the input, such as
     * the tag !!java.io.File in a refused spec, is the input's own words.)
     */
    static final Pattern STACK_TRACE = Pattern.compile(
            "(?m)^\\s*at [\\w$.]+\\(|^Caused by: |\\b[A-Z]\\w*(Exception|Error)\\b"
                    + "|\\b(io\\.lvmops|java\\.lang|java\\.util|com\\.fasterxml)(\\.[a-z_]\\w*)*\\.[A-Z][\\w$]*");
    /** A C0 or C1 control character other than newline and tab, or DEL: terminal escapes must not get through. */
    static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f]");

    record Outcome(int exitCode, String out, String err, List<String> ran, List<String> contacted) {
        String all() {
            return out + "\n" + err;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + abbreviate(out) + "\n--- stderr ---\n" + abbreviate(err)
                    + "\n--- ran ---\n" + ran;
        }

        private static String abbreviate(String s) {
            return s.length() <= 4000 ? s : s.substring(0, 4000) + "... (" + s.length() + " chars)";
        }
    }

    /** Answers a node's observation; null: the node must not be contacted at all. */
    private final BiFunction<String, Command, CommandResult> answer;
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());
    private final List<String> contacted = Collections.synchronizedList(new ArrayList<>());

    /** Whether this run measures its heap (a full GC first: only for the generated huge inputs, it is slow). */
    private boolean measureHeap;

    HostileRun(BiFunction<String, Command, CommandResult> answer) {
        this.answer = answer;
    }

    /** Measures the old generation's peak during the run and checks it against {@link #HEAP_BOUND}. */
    HostileRun measuringHeap() {
        measureHeap = true;
        return this;
    }

    /** Nodes that must never be contacted (a bad spec, a bad snapshot). */
    static HostileRun noNodes() {
        return new HostileRun(null);
    }

    private final class RecordingNode implements Transport, CommandStarter {
        private final String name;

        RecordingNode(String name) {
            this.name = name;
        }

        @Override
        public String node() {
            return name;
        }

        @Override
        public CommandResult run(Command command) {
            ran.add(name + ": " + (isObservation(command) ? OBSERVATION : String.join(" ", command.argv())));
            if (answer == null || !isObservation(command)) {
                // nothing but the observation may run: answer like a node would and let the check below fail
                return new CommandResult(0, "", "", Duration.ZERO);
            }
            return answer.apply(name, command);
        }

        @Override
        public RunningCommand start(Command command) throws TransportException {
            return new LocalProcessStarter(name).start(command); // the VG lock: flock(1) in a local directory
        }

        @Override
        public void close() {
        }
    }

    /** How the read-only observation (observe.sh) is recorded; every other command is recorded as its argv. */
    static final String OBSERVATION = "(the observation)";

    static boolean isObservation(Command c) {
        return c.argv().size() > 4 && c.argv().get(0).equals("sh") && c.argv().get(3).equals("lvmops-observe");
    }

    /** The nonce lvmops chose for this observation. */
    static String nonce(Command c) {
        return c.argv().get(4);
    }

    private final TransportFactory factory = node -> {
        contacted.add(node.name());
        return new RecordingNode(node.name());
    };

    /** Runs {@code args} (after {@code setup} sees the command line) and checks the outcome; returns it. */
    Outcome run(Consumer<CommandLine> setup, String... args) {
        Outcome o = runAllowingSuccess(setup, args);
        assertThat(o.exitCode()).as("exit code\n%s", o).isNotZero();
        return o;
    }

    /** As {@link #run}, for an input that may turn out valid (a random mutation): every other check still holds. */
    Outcome runAllowingSuccess(String... args) {
        return runAllowingSuccess(cl -> { }, args);
    }

    private Outcome runAllowingSuccess(Consumer<CommandLine> setup, String... args) {
        return assertTimeoutPreemptively(TIME_BOUND, () -> {
            if (measureHeap) {
                resetPeakHeap();
            }
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = LvmopsCommand.newCommandLine(factory);
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            setup.accept(cl);
            int code = cl.execute(args);
            Outcome o = new Outcome(code, out.toString(), err.toString(), List.copyOf(ran), List.copyOf(contacted));
            check(o);
            return o;
        }, () -> "did not finish within " + TIME_BOUND + ": " + String.join(" ", args));
    }

    private void check(Outcome o) {
        assertThat(o.out().length() + o.err().length()).as("output size\n%s", o).isLessThan(OUTPUT_BOUND);
        assertThat(STACK_TRACE.matcher(o.all()).find()).as("a stack trace or a Java class name: %s\n%s",
                firstMatch(STACK_TRACE, o.all()), o).isFalse();
        assertThat(CONTROL.matcher(o.all()).find()).as("a control character: %s\n%s",
                firstMatch(CONTROL, o.all()), o).isFalse();
        if (answer == null) {
            assertThat(o.contacted()).as("no node may be contacted\n%s", o).isEmpty();
        }
        assertThat(o.ran()).as("only the observation may run on a node\n%s", o)
                .allMatch(l -> l.endsWith(": " + OBSERVATION));
        if (measureHeap) {
            assertThat(peakHeap()).as("peak heap (bytes)\n%s", o).isLessThan(HEAP_BOUND);
        }
    }

    private static String firstMatch(Pattern p, String s) {
        var m = p.matcher(s);
        if (!m.find()) {
            return "";
        }
        int from = Math.max(0, m.start() - 60);
        int to = Math.min(s.length(), m.end() + 60);
        return "'" + s.substring(from, to).replaceAll("[\\x00-\\x1f\\x7f-\\x9f]", "?") + "'";
    }

    private static void resetPeakHeap() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The old generation's peak since the last reset. */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getName().matches(".*(Old|Tenured).*")) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
