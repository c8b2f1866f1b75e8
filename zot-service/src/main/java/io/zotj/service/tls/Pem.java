package io.zotj.service.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** PEM certificates and PKCS#8 keys, as zot's {@code http.tls} names them, into key stores. */
public final class Pem {

  /** The in-memory key store's password; the store never leaves the process. */
  public static final String STORE_PASSWORD = "in-memory";

  private static final Pattern PRIVATE_KEY = Pattern.compile(
      "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  private Pem() {}

  /** Every certificate of a PEM file, leaf first. */
  public static List<X509Certificate> certificates(Path file) throws IOException,
      GeneralSecurityException {
    byte[] bytes = Files.readAllBytes(file);
    List<X509Certificate> certificates = CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(bytes)).stream()
        .map(X509Certificate.class::cast).toList();
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("no certificate in " + file);
    }
    return certificates;
  }

  /** The PKCS#8 private key of a PEM file (RSA, EC or Ed25519). */
  public static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    Matcher m = PRIVATE_KEY.matcher(text);
    if (!m.find()) {
      throw new GeneralSecurityException(file + " holds no PKCS#8 private key (BEGIN PRIVATE "
          + "KEY); convert it with: openssl pkcs8 -topk8 -nocrypt");
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(1).strip());
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // not this algorithm; try the next
      }
    }
    throw new GeneralSecurityException(file + " holds a key of an unsupported algorithm");
  }

  /**
   * A key store with the certificate chain and key, checked: the key must belong to the leaf
   * certificate and the leaf must be valid now.
   */
  public static KeyStore keyStore(Path cert, Path key) throws IOException,
      GeneralSecurityException {
    List<X509Certificate> chain = certificates(cert);
    PrivateKey privateKey = privateKey(key);
    X509Certificate leaf = chain.get(0);
    try {
      leaf.checkValidity();
    } catch (CertificateExpiredException e) {
      throw new GeneralSecurityException(cert + " expired on " + leaf.getNotAfter(), e);
    }
    if (!leaf.getPublicKey().getAlgorithm().equals(privateKey.getAlgorithm())
        || !KeyPairs.match(leaf.getPublicKey(), privateKey)) {
      throw new GeneralSecurityException(key + " is not the key of the certificate " + cert);
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("server", privateKey, STORE_PASSWORD.toCharArray(),
        chain.toArray(Certificate[]::new));
    return store;
  }

  /** A trust store of the CA certificates in a PEM file. */
  public static KeyStore trustStore(Path caCert) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    int i = 0;
    for (X509Certificate ca : certificates(caCert)) {
      store.setCertificateEntry("ca" + i++, ca);
    }
    return store;
  }

  /** A trust manager for the CA certificates in a PEM file. */
  public static TrustManager trustManager(Path caCert) {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trustStore(caCert));
      return factory.getTrustManagers()[0];
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read CA certificates from " + caCert + ": "
          + e.getMessage(), e);
    }
  }
}
