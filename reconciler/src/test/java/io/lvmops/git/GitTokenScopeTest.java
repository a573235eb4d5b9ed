package io.lvmops.git;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The token goes to the URL's host (and port, over https) only. Two in-process HTTPS servers with one certificate
 * for localhost and 127.0.0.1 (made with the JDK's keytool): the first is the Git URL's server, which asks for
 * authentication and then redirects elsewhere; the second records every Authorization header it receives and asks
 * for authentication on every request, so a client that had the token for it would send it.
 */
class GitTokenScopeTest {
    static final String TOKEN = "s3cr3t-token-for-origin-only";

    @TempDir
    Path tmp;
    SSLContext tls;
    Path caFile;
    final List<HttpsServer> servers = new ArrayList<>();

    /** Authorization headers received, per server, "none" for a request without one. */
    final List<String> atOrigin = Collections.synchronizedList(new ArrayList<>());
    final List<String> atOther = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void certificate() throws Exception {
        Path store = tmp.resolve("server.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit");
        caFile = tmp.resolve("server.pem");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", store.toString(), "-storepass", "changeit",
                "-file", caFile.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
    }

    private static void keytool(String... args) throws Exception {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    private HttpsServer server(com.sun.net.httpserver.HttpHandler handler) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(0), 0);   // every local address: localhost and 127.0.0.1
        s.setHttpsConfigurator(new HttpsConfigurator(tls));
        s.createContext("/", handler);
        s.start();
        servers.add(s);
        return s;
    }

    private static void reply(HttpExchange exchange, int code, String header, String value) throws IOException {
        exchange.getRequestBody().readAllBytes();
        if (header != null) {
            exchange.getResponseHeaders().add(header, value);
        }
        exchange.sendResponseHeaders(code, -1);
        exchange.close();
    }

    private static String authorization(HttpExchange exchange) {
        String a = exchange.getRequestHeaders().getFirst("Authorization");
        return a == null ? "none" : a;
    }

    /** The second server: records, then asks for credentials (every time). */
    private HttpsServer other() throws IOException {
        return server(exchange -> {
            atOther.add(authorization(exchange));
            reply(exchange, 401, "WWW-Authenticate", "Basic realm=\"other\"");
        });
    }

    /**
     * The Git URL's server: asks for credentials first when {@code challengeFirst}, then (or at once) redirects the
     * request to {@code target}.
     */
    private HttpsServer origin(boolean challengeFirst, String target) throws IOException {
        return server(exchange -> {
            String auth = authorization(exchange);
            atOrigin.add(auth);
            if (challengeFirst && auth.equals("none")) {
                reply(exchange, 401, "WWW-Authenticate", "Basic realm=\"origin\"");
            } else {
                reply(exchange, 302, "Location", target + exchange.getRequestURI().toString()
                        .substring("/specs.git".length()));
            }
        });
    }

    private GitSpecException fetch(String url) {
        GitCredentials credentials = new GitCredentials(null, null, TOKEN, caFile);
        try (GitSpecSource source = new GitSpecSource(url, tmp.resolve("cache"), credentials)) {
            source.fetch();
            throw new AssertionError("the fetch cannot succeed: no server here has a repository");
        } catch (GitSpecException e) {
            return e;
        }
    }

    private static String basic(String token) {
        return "Basic " + Base64.getEncoder().encodeToString(("x-access-token:" + token)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRedirectToAnotherHostNeverCarriesTheToken() throws Exception {
        HttpsServer other = other();
        String otherBase = "https://127.0.0.1:" + other.getAddress().getPort() + "/specs.git";
        // The origin redirects at once: JGit then asks for credentials for the redirect's host.
        HttpsServer origin = origin(false, otherBase);
        String url = "https://localhost:" + origin.getAddress().getPort() + "/specs.git";
        GitSpecException e = fetch(url);
        assertThat(atOther).as("requests reached the other host").isNotEmpty();
        assertThat(atOther).as("Authorization headers the other host received").containsOnly("none");
        assertThat(e).hasMessage("cannot fetch " + url + ": the server redirected to https://127.0.0.1:"
                + other.getAddress().getPort() + ", which asked for credentials; the token is sent only to "
                + "https://localhost:" + origin.getAddress().getPort() + ", the Git URL's host")
                .message().doesNotContain(TOKEN);
    }

    @Test
    void aRedirectAfterAuthenticatingDoesNotTakeTheTokenAlong() throws Exception {
        HttpsServer other = other();
        HttpsServer origin = origin(true, "https://127.0.0.1:" + other.getAddress().getPort() + "/specs.git");
        fetch("https://localhost:" + origin.getAddress().getPort() + "/specs.git");
        assertThat(atOrigin).as("the Git URL's own host gets the token").contains(basic(TOKEN));
        assertThat(atOther).isNotEmpty().containsOnly("none");
    }

    @Test
    void anotherPortOfTheSameHostIsAnotherServer() throws Exception {
        // JGit keeps its authentication across a redirect to the same host name on another port.
        HttpsServer other = other();
        HttpsServer origin = origin(true, "https://localhost:" + other.getAddress().getPort() + "/specs.git");
        fetch("https://localhost:" + origin.getAddress().getPort() + "/specs.git");
        assertThat(atOrigin).contains(basic(TOKEN));
        assertThat(atOther).isNotEmpty().containsOnly("none");
    }

    @Test
    void aRedirectToPlainHttpIsNotFollowed() throws Exception {
        com.sun.net.httpserver.HttpServer plain = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(0), 0);
        List<String> atPlain = Collections.synchronizedList(new ArrayList<>());
        plain.createContext("/", exchange -> {
            atPlain.add(authorization(exchange));
            reply(exchange, 401, "WWW-Authenticate", "Basic realm=\"plain\"");
        });
        plain.start();
        try {
            HttpsServer origin = origin(true, "http://localhost:" + plain.getAddress().getPort() + "/specs.git");
            assertThatThrownBy(() -> {
                throw fetch("https://localhost:" + origin.getAddress().getPort() + "/specs.git");
            }).hasMessageContaining("Redirection blocked");
            assertThat(atPlain).isEmpty();
        } finally {
            plain.stop(0);
        }
    }
}
