package io.lvmops.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How lvmops authenticates to a Git remote, and how it checks that the remote is the right one.
 *
 * @param sshKey     private key for ssh:// (null: the usual ~/.ssh/id_* keys)
 * @param knownHosts known_hosts for ssh:// (null: ~/.ssh/known_hosts); host keys are always checked strictly
 * @param token      token for https:// (null: anonymous); never printed
 * @param caFile     CA certificates (PEM) for https:// servers, trusted instead of the JVM's (null: the JVM's);
 *                   certificates are always verified
 */
public record GitCredentials(Path sshKey, Path knownHosts, String token, Path caFile) {
    public static final String TOKEN_ENV = "LVMOPS_GIT_TOKEN";
    /** git's own variable for {@code http.sslCAInfo}, honoured as git users expect. */
    public static final String CA_FILE_ENV = "GIT_SSL_CAINFO";
    public static final GitCredentials NONE = new GitCredentials(null, null, null, null);

    /**
     * The token from {@code tokenFile} if given, else from {@value #TOKEN_ENV} in {@code env}; the CA file
     * {@code caFile} if given, else {@value #CA_FILE_ENV} from {@code env}.
     */
    public static GitCredentials of(Path sshKey, Path knownHosts, Path tokenFile, Path caFile,
                                    Map<String, String> env) {
        String token = null;
        if (tokenFile != null) {
            try {
                token = Files.readString(tokenFile).strip();
            } catch (IOException e) {
                throw new GitSpecException(tokenFile + ": cannot read the Git token file: " + e.getMessage(), e);
            }
            if (token.isEmpty()) {
                throw new GitSpecException(tokenFile + ": the Git token file is empty");
            }
        } else if (env.get(TOKEN_ENV) != null && !env.get(TOKEN_ENV).isBlank()) {
            token = env.get(TOKEN_ENV).strip();
        }
        Path ca = caFile;
        if (ca == null && env.get(CA_FILE_ENV) != null && !env.get(CA_FILE_ENV).isBlank()) {
            ca = Path.of(env.get(CA_FILE_ENV));
        }
        return new GitCredentials(sshKey, knownHosts, token, ca);
    }

    @Override
    public String toString() {
        return "GitCredentials[sshKey=" + sshKey + ", knownHosts=" + knownHosts + ", token="
                + (token == null ? "none" : "***") + ", caFile=" + caFile + "]";
    }
}
