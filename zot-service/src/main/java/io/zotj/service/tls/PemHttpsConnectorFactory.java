package io.zotj.service.tls;

import io.dropwizard.jetty.HttpsConnectorFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dropwizard's HTTPS connector fed from zot's PEM files ({@code http.tls.cert}, {@code key},
 * {@code cacert}) instead of a Java key store. TLS 1.2 and 1.3 only, forward-secret AEAD suites
 * only; with a CA, a client certificate it signed is required at the handshake. Replaced
 * certificate or key files are picked up within {@link #RELOAD_EVERY_SECONDS} seconds, without a
 * restart; a replacement that cannot be loaded is logged and the old one kept.
 */
public final class PemHttpsConnectorFactory extends HttpsConnectorFactory {

  private static final Logger LOG = LoggerFactory.getLogger(PemHttpsConnectorFactory.class);

  /** How often the certificate files are checked for a change. */
  public static final long RELOAD_EVERY_SECONDS = 2;

  /** Suites refused on TLS 1.2: no forward secrecy, CBC, or broken primitives. */
  static final List<String> EXCLUDED_SUITES = List.of("^TLS_RSA_.*$", "^.*_CBC_.*$",
      "^.*_NULL_.*$", "^.*_anon_.*$", "^.*_(MD5|SHA|SHA1)$", "^.*_3DES_.*$", "^.*_RC4_.*$",
      "^.*_DES_.*$", "^.*_EXPORT_.*$");

  private static final ScheduledExecutorService WATCHER =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "tls-reload");
        thread.setDaemon(true);
        return thread;
      });

  private final Path cert;
  private final Path key;
  private final Optional<Path> caCert;

  public PemHttpsConnectorFactory(Path cert, Path key, Optional<Path> caCert) {
    this.cert = cert;
    this.key = key;
    this.caCert = caCert;
    setSupportedProtocols(List.of("TLSv1.3", "TLSv1.2"));
    setExcludedCipherSuites(EXCLUDED_SUITES);
    setKeyStorePassword(Pem.STORE_PASSWORD);
    // a certificate for 127.0.0.1 or a host alias must not fail Jetty's SNI check
    setDisableSniHostCheck(true);
  }

  /** Loads and checks the files as the server would; for start-up checks. */
  public static void check(Path cert, Path key, Optional<Path> caCert) throws IOException,
      GeneralSecurityException {
    Pem.keyStore(cert, key);
    if (caCert.isPresent()) {
      Pem.trustStore(caCert.get());
    }
  }

  @Override
  protected SslContextFactory.Server configureSslContextFactory(SslContextFactory factory) {
    SslContextFactory.Server server = (SslContextFactory.Server) factory;
    try {
      server.setKeyStore(Pem.keyStore(cert, key));
      server.setKeyStorePassword(Pem.STORE_PASSWORD);
      server.setKeyManagerPassword(Pem.STORE_PASSWORD);
      if (caCert.isPresent()) {
        server.setTrustStore(Pem.trustStore(caCert.get()));
        server.setNeedClientAuth(true);
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("http.tls: " + e.getMessage(), e);
    }
    server.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    server.setExcludeCipherSuites(EXCLUDED_SUITES.toArray(String[]::new));
    server.setRenegotiationAllowed(false);
    watch(server);
    return server;
  }

  private void watch(SslContextFactory.Server server) {
    Stamp[] last = {stamp()};
    ScheduledFuture<?> task = WATCHER.scheduleWithFixedDelay(() -> {
      Stamp now = stamp();
      if (now.equals(last[0])) {
        return;
      }
      last[0] = now;
      try {
        KeyStore fresh = Pem.keyStore(cert, key);
        server.reload(f -> f.setKeyStore(fresh));
        LOG.info("TLS: reloaded the certificate from {}", cert);
      } catch (Exception e) {
        LOG.warn("TLS: {} or {} changed but cannot be used ({}); keeping the old certificate",
            cert, key, e.getMessage());
      }
    }, RELOAD_EVERY_SECONDS, RELOAD_EVERY_SECONDS, TimeUnit.SECONDS);
    server.addEventListener(new LifeCycle.Listener() {
      @Override
      public void lifeCycleStopping(LifeCycle event) {
        task.cancel(false);
      }
    });
  }

  private Stamp stamp() {
    try {
      return new Stamp(Files.getLastModifiedTime(cert).toMillis(), Files.size(cert),
          Files.getLastModifiedTime(key).toMillis(), Files.size(key));
    } catch (IOException e) {
      return new Stamp(-1, -1, -1, -1);
    }
  }

  private record Stamp(long certTime, long certSize, long keyTime, long keySize) {}
}
