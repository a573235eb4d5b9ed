package io.lvmops.git;

import org.eclipse.jgit.internal.JGitText;

import javax.net.ssl.SSLException;
import java.security.cert.CertificateException;

/**
 * Says in one line why a fetch failed when the cause is one an operator can act on: the server refused the token or
 * wanted one, or its TLS certificate is not trusted or not for this host name. JGit's own messages repeat the URL
 * ({@code https://host/x.git: not authorized}) or speak of CredentialsProviders; the caller prefixes
 * {@code cannot fetch URL: }. Never includes the token.
 */
final class FetchFailures {
    static final String TOKEN_HINT = "--git-token-file FILE or $" + GitCredentials.TOKEN_ENV;
    static final String CA_HINT = "--git-ca-file FILE or $" + GitCredentials.CA_FILE_ENV;

    private FetchFailures() {
    }

    static String describe(Throwable failure, GitCredentials credentials) {
        SSLException tls = find(failure, SSLException.class);
        if (tls != null) {
            return tls(failure, credentials);
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m == null) {
                continue;
            }
            if (m.endsWith(JGitText.get().notAuthorized)) {
                return credentials.token() == null
                        ? "the server requires authentication (HTTP 401) and no token was given (" + TOKEN_HINT + ")"
                        : "authentication failed (HTTP 401): the server did not accept the token (" + TOKEN_HINT + ")";
            }
            if (m.endsWith(JGitText.get().noCredentialsProvider)) {
                return "the server requires authentication (HTTP 401) and no token was given (" + TOKEN_HINT + ")";
            }
        }
        return GitSpecSource.rootMessage(failure);
    }

    private static String tls(Throwable failure, GitCredentials credentials) {
        String reason = GitSpecSource.rootMessage(failure);
        String trusted = credentials.caFile() == null ? "the JVM's CA certificates"
                : "the CA certificates in " + credentials.caFile();
        // The JDK's PKIX messages are the only way to tell "no trusted CA" from, say, an expired certificate.
        if (reason.contains("unable to find valid certification path")) {
            return "TLS: the server's certificate is not signed by " + trusted + " (" + reason + "); if it is "
                    + "signed by a private CA, trust that CA with " + CA_HINT;
        }
        if (find(failure, CertificateException.class) != null
                && (reason.contains("subject alternative") || reason.contains("No name matching"))) {
            return "TLS: the server's certificate is not for this host name (" + reason + ")";
        }
        return "TLS: " + reason;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
