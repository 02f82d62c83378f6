package dev.orderreturns.aws;

import org.junit.jupiter.api.Test;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AwsTrustAnchorsTest {

    @Test
    void thePackagedRootsAreAmazonTrustServicesAndStarfieldAsTheJdkTrustsThem() throws Exception {
        List<X509Certificate> roots = AwsTrustAnchors.roots();
        Set<String> names = roots.stream().map(c -> c.getSubjectX500Principal().getName()).collect(Collectors.toSet());
        assertEquals(Set.of("CN=Amazon Root CA 1,O=Amazon,C=US", "CN=Amazon Root CA 2,O=Amazon,C=US",
                "CN=Amazon Root CA 3,O=Amazon,C=US", "CN=Amazon Root CA 4,O=Amazon,C=US",
                "CN=Starfield Services Root Certificate Authority - G2,O=Starfield Technologies\\, Inc.,"
                        + "L=Scottsdale,ST=Arizona,C=US"), names);
        List<X509Certificate> jdk = Arrays.asList(jdkTrust().getAcceptedIssuers());
        for (X509Certificate root : roots) {
            root.checkValidity();
            assertTrue(jdk.contains(root), "not one of the JDK's own roots: " + root.getSubjectX500Principal());
        }
    }

    @Test
    void theSdkClientsTrustThoseRootsAndNoOther() throws Exception {
        TrustManager[] managers = AwsTrustAnchors.trustManagers();
        X509TrustManager trust = (X509TrustManager) managers[0];
        assertEquals(Set.copyOf(AwsTrustAnchors.roots()), Set.of(trust.getAcceptedIssuers()));
        X509Certificate amazon = AwsTrustAnchors.roots().getFirst();
        trust.checkServerTrusted(new X509Certificate[] {amazon}, "RSA");
        List<X509Certificate> aws = AwsTrustAnchors.roots();
        X509Certificate other = Arrays.stream(jdkTrust().getAcceptedIssuers())
                .filter(c -> !aws.contains(c) && c.getPublicKey().getAlgorithm().equals("RSA"))
                .findFirst().orElseThrow();
        assertThrows(CertificateException.class, () -> trust.checkServerTrusted(new X509Certificate[] {other}, "RSA"));
    }

    private static X509TrustManager jdkTrust() throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }
}
