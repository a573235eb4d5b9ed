package io.lvmops.model;

/**
 * A node reached over SSH.
 *
 * @param identityFile   private key to authenticate with; null for the SSH client's defaults and ssh-agent
 * @param knownHostsFile known_hosts to verify the node's host key against; null for {@code ~/.ssh/known_hosts}
 * @param sudo           run every command through {@code sudo -n}
 * @param fenced         an operator's declaration that this (dead) node is fenced and holds nothing active
 */
public record NodeSpec(String name, String host, int port, String user, String identityFile, String knownHostsFile,
                       boolean sudo, boolean fenced) {
    public static final int DEFAULT_PORT = 22;
    public static final String DEFAULT_USER = "root";

    public NodeSpec {
        Names.require(Names.nodeNameProblem(name));
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 1-65535");
        }
        user = user == null || user.isBlank() ? DEFAULT_USER : user;
    }

    public static NodeSpec of(String name, String host) {
        return new NodeSpec(name, host, DEFAULT_PORT, DEFAULT_USER, null, null, false, false);
    }

    public NodeSpec withPort(int newPort) {
        return new NodeSpec(name, host, newPort, user, identityFile, knownHostsFile, sudo, fenced);
    }

    public NodeSpec withFenced(boolean newFenced) {
        return new NodeSpec(name, host, port, user, identityFile, knownHostsFile, sudo, newFenced);
    }

    @Override
    public String toString() {
        return name + " (" + user + "@" + host + ":" + port + ")";
    }
}
