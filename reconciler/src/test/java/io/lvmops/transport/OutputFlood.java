package io.lvmops.transport;

import io.lvmops.apply.lock.LocalProcessStarter;

import java.util.List;

/**
 * Runs one command that floods its output, in a JVM of its own with a small heap (see {@link NodeOutputLimitTest}):
 * prints what the transport answered. A transport that buffered everything dies here of OutOfMemoryError.
 */
public final class OutputFlood {
    public static void main(String[] args) throws Exception {
        Command flood = Command.of(List.of("sh", "-c", args[1]));
        try (Transport transport = args[0].equals("pipelined")
                ? new PipelinedShell("local", new LocalProcessStarter("local"), Command::timeout)
                : new LocalTransport("local", false)) {
            try {
                CommandResult r = transport.run(flood);
                System.out.println("ACCEPTED " + r.stdout().length());
            } catch (TransportException e) {
                System.out.println("REFUSED " + e.getMessage());
            }
            CommandResult after = transport.run(Command.of("echo", "still usable"));
            System.out.println("AFTER " + after.stdout().strip());
        } catch (OutOfMemoryError e) {
            System.out.println("OUT OF MEMORY");
            System.exit(3);
        }
    }
}
