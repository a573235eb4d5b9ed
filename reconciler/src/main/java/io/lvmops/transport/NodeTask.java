package io.lvmops.transport;

/** Work done on one node through its transport, e.g. "observe this node". */
@FunctionalInterface
public interface NodeTask<T> {
    T run(Transport transport) throws Exception;
}
