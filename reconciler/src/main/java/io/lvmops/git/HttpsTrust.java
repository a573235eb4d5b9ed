package io.lvmops.git;

import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory2;
import org.eclipse.jgit.transport.http.JDKHttpConnectionFactory;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How lvmops checks the TLS certificate of an https:// Git server: against the JVM's CA certificates, or, with a CA
 * file ({@code --git-ca-file}, {@code $GIT_SSL_CAINFO}), against the certificates in that file only, as git does with
 * {@code http.sslCAInfo}. The host name is always checked too (the JDK's HTTPS rules).
 *
 * <p>Verification cannot be turned off: JGit would honour {@code http.sslVerify=false} from the user's or the
 * system's git configuration (and offer to skip a failed check to an interactive credentials provider); an unattended
 * reconciler must not fetch its spec from whoever answers, just as it never trusts an SSH host key on first use.
 * Hence a connection factory whose session ignores JGit's "do not verify".
 */
final class HttpsTrust implements HttpConnectionFactory2 {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+?)-----END CERTIFICATE-----");
    private static final JDKHttpConnectionFactory JDK = new JDKHttpConnectionFactory();

    /** null: the JVM's default trust (its cacerts, or {@code -Djavax.net.ssl.trustStore}). */
    private final TrustManager[] trustManagers;

    private HttpsTrust(TrustManager[] trustManagers) {
        this.trustManagers = trustManagers;
    }

    /** The JVM's CA certificates. */
    static HttpsTrust jvmDefault() {
        return new HttpsTrust(null);
    }

    /** Only the CA certificates in {@code caFile} (PEM, one or more; or one DER certificate). */
    static HttpsTrust caFile(Path caFile) {
        List<Certificate> certificates = readCertificates(caFile);
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return new HttpsTrust(tmf.getTrustManagers());
        } catch (GeneralSecurityException | IOException e) {
            throw new GitSpecException(caFile + ": cannot use the CA certificates (--git-ca-file): "
                    + GitSpecSource.rootMessage(e), e);
        }
    }

    static List<Certificate> readCertificates(Path caFile) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(caFile);
        } catch (IOException e) {
            throw new GitSpecException(caFile + ": cannot read the CA file (--git-ca-file): "
                    + GitSpecSource.rootMessage(e), e);
        }
        List<Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            Matcher pem = PEM.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
            while (pem.find()) {
                byte[] der = Base64.getMimeDecoder().decode(pem.group(1));
                certificates.add(x509.generateCertificate(new ByteArrayInputStream(der)));
            }
            if (certificates.isEmpty() && bytes.length > 0 && bytes[0] == 0x30) {   // a DER SEQUENCE
                certificates.add(x509.generateCertificate(new ByteArrayInputStream(bytes)));
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new GitSpecException(caFile + ": not a valid certificate (--git-ca-file): "
                    + GitSpecSource.rootMessage(e), e);
        }
        if (certificates.isEmpty()) {
            throw new GitSpecException(caFile + ": no certificate in it (--git-ca-file expects PEM: "
                    + "-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    @Override
    public HttpConnection create(URL url) throws IOException {
        return create(url, null);
    }

    @Override
    public HttpConnection create(URL url, Proxy proxy) throws IOException {
        HttpConnection connection = JDK.create(url, proxy);
        if (trustManagers != null && "https".equalsIgnoreCase(url.getProtocol())) {
            try {
                connection.configure(null, trustManagers, null);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot set up TLS for " + url.getHost() + ": " + e.getMessage(), e);
            }
        }
        return connection;
    }

    @Override
    public GitSession newSession() {
        return new GitSession() {
            @Override
            public HttpConnection configure(HttpConnection connection, boolean sslVerify) {
                return connection;   // never a no-check trust manager, whatever http.sslVerify says
            }

            @Override
            public void close() {
                // nothing cached per session
            }
        };
    }
}
