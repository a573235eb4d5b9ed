package io.lvmops.transport;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.UserInfo;

/**
 * The host key repository JSch consults while one connection is set up. It asks the shared {@link KnownHostsFile}
 * and remembers the verdict, so that a refusal can be explained with the fingerprints afterwards.
 */
final class HostKeyCheck implements HostKeyRepository {
    private final KnownHostsFile knownHosts;
    private volatile KnownHostsFile.Verdict verdict;

    HostKeyCheck(KnownHostsFile knownHosts) {
        this.knownHosts = knownHosts;
    }

    /** What was decided about the key of this connection, or null if the handshake never got that far. */
    KnownHostsFile.Verdict verdict() {
        return verdict;
    }

    @Override
    public int check(String host, byte[] key) {
        KnownHostsFile.Verdict result = knownHosts.verify(host, key);
        verdict = result;
        return switch (result.outcome()) {
            case TRUSTED, ACCEPTED_NEW -> OK;
            case UNKNOWN -> NOT_INCLUDED;
            case CHANGED -> CHANGED;
        };
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // Keys are only ever added by KnownHostsFile under accept-new; JSch must not add any itself.
    }

    @Override
    public void remove(String host, String type) {
        // lvmops never removes known host keys: that is the operator's decision.
    }

    @Override
    public void remove(String host, String type, byte[] key) {
        // As above.
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return knownHosts.file().toString();
    }

    @Override
    public HostKey[] getHostKey() {
        return knownHosts.entriesFor(null, null);
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return knownHosts.entriesFor(host, type);
    }
}
