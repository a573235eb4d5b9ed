package io.lvmops.transport;

import io.lvmops.model.NodeSpec;

/** Opens a transport to a node of the spec. */
@FunctionalInterface
public interface TransportFactory {
    Transport open(NodeSpec node) throws TransportException;
}
