package io.lvmops.transport;

import io.lvmops.model.NodeSpec;

/**
 * Opens a transport to a node of the spec, connected where that means something (SSH: the handshake is done when
 * this returns), so that opening nodes on several threads overlaps their connections.
 */
@FunctionalInterface
public interface TransportFactory {
    Transport open(NodeSpec node) throws TransportException;
}
