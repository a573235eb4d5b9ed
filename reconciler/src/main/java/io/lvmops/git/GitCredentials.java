package io.lvmops.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How lvmops authenticates to a Git remote.
 *
 * @param sshKey     private key for ssh:// (null: the usual ~/.ssh/id_* keys)
 * @param knownHosts known_hosts for ssh:// (null: ~/.ssh/known_hosts); host keys are always checked strictly
 * @param token      token for https:// (null: anonymous); never printed
 */
public record GitCredentials(Path sshKey, Path knownHosts, String token) {
    public static final String TOKEN_ENV = "LVMOPS_GIT_TOKEN";
    public static final GitCredentials NONE = new GitCredentials(null, null, null);

    /** The token from {@code tokenFile} if given, else from {@value #TOKEN_ENV} in {@code env}. */
    public static GitCredentials of(Path sshKey, Path knownHosts, Path tokenFile, Map<String, String> env) {
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
        return new GitCredentials(sshKey, knownHosts, token);
    }

    @Override
    public String toString() {
        return "GitCredentials[sshKey=" + sshKey + ", knownHosts=" + knownHosts + ", token="
                + (token == null ? "none" : "***") + "]";
    }
}
