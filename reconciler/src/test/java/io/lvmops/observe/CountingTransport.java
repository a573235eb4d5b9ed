package io.lvmops.observe;

import io.lvmops.transport.Command;
import io.lvmops.transport.CommandResult;
import io.lvmops.transport.Transport;
import io.lvmops.transport.TransportException;

import java.util.concurrent.atomic.AtomicInteger;

/** Test decorator: counts the commands a transport was asked to run (one per exec). */
final class CountingTransport implements Transport {
    private final Transport delegate;
    final AtomicInteger execs = new AtomicInteger();

    CountingTransport(Transport delegate) {
        this.delegate = delegate;
    }

    @Override
    public String node() {
        return delegate.node();
    }

    @Override
    public CommandResult run(Command command) throws TransportException {
        execs.incrementAndGet();
        return delegate.run(command);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
