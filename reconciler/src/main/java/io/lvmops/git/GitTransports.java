package io.lvmops.git;

import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/**
 * Configures a JGit fetch for file://, ssh:// (Apache MINA sshd through JGit, key files, strict known_hosts) and
 * https:// (token; the server's certificate always verified, see {@link HttpsTrust}). One instance per operation:
 * {@link #close()} stops the SSH client's threads.
 */
final class GitTransports implements AutoCloseable {
    private final GitCredentials credentials;
    private final Path home;
    private SshdSessionFactory ssh;
    private HttpsTrust https;
    private volatile TokenScope tokenScope;

    GitTransports(GitCredentials credentials, Path home) {
        this.credentials = credentials;
        this.home = home;
    }

    /**
     * A token goes over TLS only: with an http:// URL it would cross the network in clear text (Basic
     * authentication), so a token and an http:// URL together are refused before anything is sent.
     */
    static void refuseTokenOverPlainHttp(URIish uri, GitCredentials credentials, String url) {
        // JGit's URIish does not see an upper-case scheme (HTTP://): read it from the text as well
        boolean plainHttp = "http".equalsIgnoreCase(uri.getScheme())
                || url.regionMatches(true, 0, "http://", 0, "http://".length());
        if (credentials.token() != null && plainHttp) {
            throw new GitSpecException("'" + url + "': refusing to send the Git token over http:// (clear text); "
                    + "use an https:// URL, or no token (the token comes from --git-token-file, spec.git.tokenFile "
                    + "or $" + GitCredentials.TOKEN_ENV + ")");
        }
    }

    <C extends TransportCommand<C, ?>> C configure(C command, URIish uri) {
        refuseTokenOverPlainHttp(uri, credentials, uri.toString());
        TokenScope scope = null;
        if (credentials.token() != null && "https".equalsIgnoreCase(uri.getScheme())) {
            // GitHub and GitLab accept a token as the password with any user name; keep the URL's user if it has one.
            String user = uri.getUser() == null ? "x-access-token" : uri.getUser();
            scope = new TokenScope(uri);
            command.setCredentialsProvider(scope.credentials(user, credentials.token()));
        }
        tokenScope = scope;
        TokenScope guard = scope;
        command.setTransportConfigCallback(transport -> {
            if (transport instanceof SshTransport sshTransport) {
                sshTransport.setSshSessionFactory(sshFactory());
            } else if (transport instanceof TransportHttp http) {
                http.setHttpConnectionFactory(guard == null ? httpsTrust() : guard.connections(httpsTrust()));
            }
        });
        return command;
    }

    /**
     * After a failed fetch: why, if the token was withheld from another origin the server sent JGit to (null
     * otherwise).
     */
    String tokenWithheld() {
        TokenScope scope = tokenScope;
        String other = scope == null ? null : scope.withheldFrom();
        return other == null ? null : "the server redirected to " + other + ", which asked for credentials; the token "
                + "is sent only to " + scope.origin() + ", the Git URL's host";
    }

    private synchronized SshdSessionFactory sshFactory() {
        if (ssh == null) {
            Path sshDir = home.resolve(".ssh");
            Path knownHosts = credentials.knownHosts() != null ? credentials.knownHosts() : sshDir.resolve("known_hosts");
            SshdSessionFactoryBuilder b = new SshdSessionFactoryBuilder()
                    .setHomeDirectory(home.toFile())
                    .setSshDirectory(sshDir.toFile())
                    .setPreferredAuthentications("publickey")
                    .setServerKeyDatabase((h, s) -> new StrictKnownHosts(knownHosts));
            if (credentials.sshKey() != null) {
                Path key = credentials.sshKey();
                b.setDefaultIdentities(dir -> List.of(key));
            }
            ssh = b.build(new JGitKeyCache());
        }
        return ssh;
    }

    private synchronized HttpsTrust httpsTrust() {
        if (https == null) {
            https = credentials.caFile() != null ? HttpsTrust.caFile(credentials.caFile()) : HttpsTrust.jvmDefault();
        }
        return https;
    }

    static Path userHome() {
        return new File(System.getProperty("user.home")).toPath();
    }

    @Override
    public synchronized void close() {
        if (ssh != null) {
            ssh.close();
            ssh = null;
        }
    }
}
