package io.lvmops.transport;
import java.io.InputStream;
import java.io.OutputStream;

/** A program left running on a node (an SSH exec channel, or a local process): its streams, and a way to end it. */
public interface RunningCommand extends AutoCloseable {
    OutputStream stdin();

    InputStream stdout();

    InputStream stderr();

    boolean isAlive();

    /** Closes stdin and the channel; the program ends (for the lock: the lock is released). */
    @Override
    void close();
}
