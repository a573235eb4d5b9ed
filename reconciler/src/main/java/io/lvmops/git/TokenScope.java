package io.lvmops.git;

import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory2;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.URL;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Git token belongs to the Git URL's origin: https, its host, its port. JGit follows the server's redirects (a
 * renamed repository, a mirror) and, after one to another host, asks the credentials provider again for that host;
 * after one to another port of the same host name it keeps sending what it sent before. So the token is guarded
 * twice: {@link #credentials} answers only for the origin (and remembers who else asked, for the error message), and
 * {@link #connections} drops the Authorization header from any request to another origin, whatever JGit does.
 */
final class TokenScope {
    private final URIish origin;
    private volatile URIish withheldFrom;

    TokenScope(URIish origin) {
        this.origin = origin;
    }

    /** scheme://host[:port] of the Git URL. */
    String origin() {
        return describe(origin.getScheme(), origin.getHost(), origin.getPort());
    }

    /** Where the token was asked for and not given (null if nowhere), as scheme://host[:port]. */
    String withheldFrom() {
        URIish u = withheldFrom;
        return u == null ? null : describe(u.getScheme(), u.getHost(), u.getPort());
    }

    boolean isOrigin(String scheme, String host, int port) {
        return "https".equalsIgnoreCase(scheme) && "https".equalsIgnoreCase(origin.getScheme())
                && host != null && host.equalsIgnoreCase(origin.getHost())
                && effectivePort(port) == effectivePort(origin.getPort());
    }

    private static int effectivePort(int port) {
        return port > 0 ? port : 443;
    }

    private static String describe(String scheme, String host, int port) {
        return (scheme == null ? "" : scheme.toLowerCase(Locale.ROOT) + "://") + host + (port > 0 ? ":" + port : "");
    }

    /** The token as the password of {@code user}, for the origin only. */
    CredentialsProvider credentials(String user, String token) {
        UsernamePasswordCredentialsProvider answer = new UsernamePasswordCredentialsProvider(user, token);
        return new CredentialsProvider() {
            @Override
            public boolean isInteractive() {
                return false;
            }

            @Override
            public boolean supports(CredentialItem... items) {
                return answer.supports(items);
            }

            @Override
            public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
                if (!isOrigin(uri.getScheme(), uri.getHost(), uri.getPort())) {
                    withheldFrom = uri;
                    return false;
                }
                return answer.get(uri, items);
            }
        };
    }

    /** {@code inner}'s connections; to another origin without any Authorization header. */
    HttpConnectionFactory2 connections(HttpConnectionFactory2 inner) {
        return new HttpConnectionFactory2() {
            @Override
            public HttpConnection create(URL url) throws IOException {
                return create(url, null);
            }

            @Override
            public HttpConnection create(URL url, Proxy proxy) throws IOException {
                HttpConnection c = inner.create(url, proxy);
                return isOrigin(url.getProtocol(), url.getHost(), url.getPort()) ? c : new WithoutAuthorization(c);
            }

            @Override
            public GitSession newSession() {
                return inner.newSession();
            }
        };
    }

    /** A connection that never sends an Authorization header; everything else as the connection it wraps. */
    private static final class WithoutAuthorization implements HttpConnection {
        private final HttpConnection c;

        WithoutAuthorization(HttpConnection c) {
            this.c = c;
        }

        @Override
        public void setRequestProperty(String key, String value) {
            if (!"Authorization".equalsIgnoreCase(key) && !"Proxy-Authorization".equalsIgnoreCase(key)) {
                c.setRequestProperty(key, value);
            }
        }

        @Override
        public int getResponseCode() throws IOException {
            return c.getResponseCode();
        }

        @Override
        public URL getURL() {
            return c.getURL();
        }

        @Override
        public String getResponseMessage() throws IOException {
            return c.getResponseMessage();
        }

        @Override
        public Map<String, List<String>> getHeaderFields() {
            return c.getHeaderFields();
        }

        @Override
        public void setRequestMethod(String method) throws ProtocolException {
            c.setRequestMethod(method);
        }

        @Override
        public void setUseCaches(boolean usecaches) {
            c.setUseCaches(usecaches);
        }

        @Override
        public void setConnectTimeout(int timeout) {
            c.setConnectTimeout(timeout);
        }

        @Override
        public void setReadTimeout(int timeout) {
            c.setReadTimeout(timeout);
        }

        @Override
        public String getContentType() {
            return c.getContentType();
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return c.getInputStream();
        }

        @Override
        public String getHeaderField(String name) {
            return c.getHeaderField(name);
        }

        @Override
        public List<String> getHeaderFields(String name) {
            return c.getHeaderFields(name);
        }

        @Override
        public int getContentLength() {
            return c.getContentLength();
        }

        @Override
        public void setInstanceFollowRedirects(boolean followRedirects) {
            c.setInstanceFollowRedirects(followRedirects);
        }

        @Override
        public void setDoOutput(boolean dooutput) {
            c.setDoOutput(dooutput);
        }

        @Override
        public void setFixedLengthStreamingMode(int contentLength) {
            c.setFixedLengthStreamingMode(contentLength);
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return c.getOutputStream();
        }

        @Override
        public void setChunkedStreamingMode(int chunklen) {
            c.setChunkedStreamingMode(chunklen);
        }

        @Override
        public String getRequestMethod() {
            return c.getRequestMethod();
        }

        @Override
        public boolean usingProxy() {
            return c.usingProxy();
        }

        @Override
        public void connect() throws IOException {
            c.connect();
        }

        @Override
        public void configure(KeyManager[] km, TrustManager[] tm, SecureRandom random)
                throws NoSuchAlgorithmException, KeyManagementException {
            c.configure(km, tm, random);
        }

        @Override
        public void setHostnameVerifier(HostnameVerifier hostnameverifier)
                throws NoSuchAlgorithmException, KeyManagementException {
            c.setHostnameVerifier(hostnameverifier);
        }
    }
}
