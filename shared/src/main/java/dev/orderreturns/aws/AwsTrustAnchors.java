package dev.orderreturns.aws;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What the SDK clients' TLS trusts: the roots every AWS service endpoint's certificate chains to
 * (Amazon Root CA 1 to 4 of Amazon Trust Services, and the Starfield Services root that
 * cross-signs them), packaged as {@code aws-trust-anchors.pem}, exported from the JDK's own cacerts.
 *
 * <p>Why: the url-connection client builds its TLS context when it is built, at every cold start,
 * and the JDK's default trust store makes it parse all of cacerts (about 140 certificates, 75 ms of
 * a fresh JVM's start here) for connections that can only ever meet these five. Trusting fewer
 * roots is stricter, never looser. The providers' HTTP calls are not SDK calls and keep the JDK's
 * trust. {@code AWS_TRUST_ANCHORS=jdk} goes back to the JDK's whole trust store, for an endpoint
 * override served with another CA's certificate (a TLS proxy, say).
 */
final class AwsTrustAnchors {

    static final String RESOURCE = "aws-trust-anchors.pem";

    private AwsTrustAnchors() {
    }

    /** The trust managers for the SDK's HTTP client; null means the JDK's default trust. */
    static TrustManager[] trustManagers() {
        if ("jdk".equalsIgnoreCase(Settings.get("AWS_TRUST_ANCHORS"))) {
            return null;
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int n = 0;
            for (X509Certificate root : roots()) {
                store.setCertificateEntry("aws-root-" + n++, root);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the AWS trust anchors", e);
        }
    }

    /** The packaged roots. */
    static List<X509Certificate> roots() throws IOException, GeneralSecurityException {
        String pem;
        try (InputStream in = AwsTrustAnchors.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is not packaged");
            }
            pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        List<X509Certificate> roots = new ArrayList<>();
        String begin = "-----BEGIN CERTIFICATE-----";
        String end = "-----END CERTIFICATE-----";
        for (int at = pem.indexOf(begin); at >= 0; at = pem.indexOf(begin, at + 1)) {
            int stop = pem.indexOf(end, at);
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(at + begin.length(), stop));
            roots.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(der)));
        }
        return roots;
    }
}
