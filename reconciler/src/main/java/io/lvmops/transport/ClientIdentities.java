package io.lvmops.transport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Vector;

import com.jcraft.jsch.AgentIdentityRepository;
import com.jcraft.jsch.AgentProxyException;
import com.jcraft.jsch.Identity;
import com.jcraft.jsch.IdentityRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SSHAgentConnector;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys a connection offers, in order: the key files (the node's {@code identityFile}, or else OpenSSH's default
 * keys that exist), then the ssh-agent's keys when {@code SSH_AUTH_SOCK} is set. An explicit identityFile is offered
 * alone (like {@code IdentitiesOnly}), so that a node configured with one key never sees a run of other keys and
 * hits the server's MaxAuthTries. Encrypted key files are skipped by JSch (no passphrase prompt): use the agent.
 *
 * <p>The agent is reached over a Unix socket with Java 16+'s own {@code UnixDomainSocketAddress} (JSch's
 * {@code SSHAgentConnector} picks it on Java 17), so neither JNA nor junixsocket is needed.
 */
final class ClientIdentities implements IdentityRepository {
    private static final Logger LOG = LoggerFactory.getLogger(ClientIdentities.class);

    private final List<Path> keyFiles;
    private final IdentityRepository files;
    private final IdentityRepository agent;

    private ClientIdentities(List<Path> keyFiles, IdentityRepository files, IdentityRepository agent) {
        this.keyFiles = keyFiles;
        this.files = files;
        this.agent = agent;
    }

    /**
     * @param identityFile the node's key file, or null for the defaults and the agent
     * @throws JSchException when the node's key file cannot be read or parsed
     */
    static ClientIdentities load(Path identityFile, SshClientFiles client) throws JSchException {
        JSch loader = new JSch();
        if (identityFile != null) {
            if (!Files.isReadable(identityFile)) {
                throw new JSchException("identity file " + identityFile + " does not exist or is not readable");
            }
            loader.addIdentity(identityFile.toString());
            return new ClientIdentities(List.of(identityFile), loader.getIdentityRepository(), null);
        }
        List<Path> defaults = client.existingDefaultKeys();
        for (Path key : defaults) {
            try {
                loader.addIdentity(key.toString());
            } catch (JSchException e) {
                LOG.debug("skipping default key {}: {}", key, e.getMessage());
            }
        }
        return new ClientIdentities(defaults, loader.getIdentityRepository(), agentAt(client.agentSocket()));
    }

    private static IdentityRepository agentAt(Path socket) {
        if (socket == null) {
            return null;
        }
        try {
            return new AgentIdentityRepository(new SSHAgentConnector(socket));
        } catch (AgentProxyException e) {
            LOG.debug("ssh-agent at {} not usable: {}", socket, e.getMessage());
            return null;
        }
    }

    boolean usesAgent() {
        return agent != null;
    }

    /** For error messages: which keys were offered. */
    String describe() {
        String keys = keyFiles.isEmpty() ? "no key files" : "key files " + keyFiles;
        return agent == null ? keys : keys + " and the ssh-agent";
    }

    @Override
    public String getName() {
        return "lvmops";
    }

    @Override
    public int getStatus() {
        return RUNNING;
    }

    @Override
    public Vector<Identity> getIdentities() {
        Vector<Identity> all = new Vector<>(files.getIdentities());
        if (agent != null) {
            try {
                all.addAll(agent.getIdentities());
            } catch (RuntimeException e) {
                LOG.debug("cannot list the ssh-agent's keys: {}", e.toString());
            }
        }
        return all;
    }

    @Override
    public boolean add(byte[] identity) {
        return false;
    }

    @Override
    public boolean remove(byte[] blob) {
        return false;
    }

    @Override
    public void removeAll() {
        // Read-only: the files and the agent belong to the user.
    }
}
