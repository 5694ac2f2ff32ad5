package io.buddybork.edge.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Trust pinned to certificates from a PEM (or DER) file instead of the system CAs: either the CA
 * that signed the hub's certificate or the hub's own self-signed certificate. When the hub presents
 * exactly a pinned certificate, its host name is not checked (the pin is stronger than a name, and
 * home hubs are often reached by an IP address their certificate does not list); otherwise normal
 * host name verification applies. Immutable and thread-safe.
 */
public final class TrustAnchors {
    private final List<X509Certificate> certificates;
    private final X509TrustManager trustManager;
    private final SSLContext sslContext;

    private TrustAnchors(List<X509Certificate> certificates, X509TrustManager trustManager, SSLContext sslContext) {
        this.certificates = certificates;
        this.trustManager = trustManager;
        this.sslContext = sslContext;
    }

    /**
     * Loads every certificate in {@code file}.
     *
     * @throws IOException naming the file when it is missing, unreadable or holds no certificate
     */
    public static TrustAnchors load(Path file) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certs.add((X509Certificate) c);
            }
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(
                    "trust certificate file " + file + " is not a PEM/DER X.509 certificate: " + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new IOException("trust certificate file " + file + " holds no certificate");
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < certs.size(); i++) {
                store.setCertificateEntry("pinned-" + i, certs.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            X509TrustManager manager = (X509TrustManager) Arrays.stream(factory.getTrustManagers())
                    .filter(X509TrustManager.class::isInstance)
                    .findFirst()
                    .orElseThrow(() -> new GeneralSecurityException("no X509TrustManager"));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {manager}, null);
            return new TrustAnchors(List.copyOf(certs), manager, context);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build trust from " + file + ": " + e.getMessage(), e);
        }
    }

    /** The pinned certificates. */
    public List<X509Certificate> certificates() {
        return certificates;
    }

    /** Trust manager accepting only chains that end at a pinned certificate. */
    public X509TrustManager trustManager() {
        return trustManager;
    }

    /** TLS context using {@link #trustManager()}. */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** Accepts the pinned leaf certificate for any name, otherwise delegates to {@code standard}. */
    public HostnameVerifier hostnameVerifier(HostnameVerifier standard) {
        return (host, session) -> {
            try {
                Certificate[] chain = session.getPeerCertificates();
                if (chain.length > 0 && certificates.contains(chain[0])) {
                    return true;
                }
            } catch (SSLPeerUnverifiedException e) {
                return false;
            }
            return standard.verify(host, session);
        };
    }
}
