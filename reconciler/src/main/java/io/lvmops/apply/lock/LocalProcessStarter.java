package io.lvmops.apply.lock;

import io.lvmops.transport.RunningCommand;
import io.lvmops.transport.CommandStarter;
import io.lvmops.transport.Command;
import io.lvmops.transport.TransportException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Starts programs on this machine (with {@code LC_ALL=C}, like every transport). */
public final class LocalProcessStarter implements CommandStarter {
    private final String node;

    public LocalProcessStarter(String node) {
        this.node = node;
    }

    @Override
    public RunningCommand start(Command command) throws TransportException {
        ProcessBuilder pb = new ProcessBuilder(command.argv());
        pb.environment().put("LC_ALL", "C");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new TransportException(node, "cannot start " + command.argv().get(0) + ": " + e.getMessage(), e);
        }
        return new RunningCommand() {
            @Override
            public OutputStream stdin() {
                return p.getOutputStream();
            }

            @Override
            public InputStream stdout() {
                return p.getInputStream();
            }

            @Override
            public InputStream stderr() {
                return p.getErrorStream();
            }

            @Override
            public boolean isAlive() {
                return p.isAlive();
            }

            @Override
            public void close() {
                try {
                    p.getOutputStream().close();
                    if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (IOException e) {
                    p.destroyForcibly();
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
