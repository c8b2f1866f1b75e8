package io.zotj.service.config;

import io.zotj.service.tls.PemHttpsConnectorFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Start-up checks of {@code http.tls} and {@code http.auth}: files that must be readable and
 * match, and keys a method cannot work without. (Actions are checked by ConfigChecks.)
 */
final class SecurityChecks {

  private SecurityChecks() {}

  static void tls(TlsConfig tls, List<ConfigProblem> problems) {
    if (tls.cert().isEmpty() || tls.key().isEmpty()) {
      problems.add(new ConfigProblem("http.tls", "both cert and key are required"));
      return;
    }
    try {
      PemHttpsConnectorFactory.check(Path.of(tls.cert().get()), Path.of(tls.key().get()),
          tls.cacert().map(Path::of));
    } catch (Exception e) {
      problems.add(new ConfigProblem("http.tls", "cannot use the certificate: "
          + e.getMessage()));
    }
  }

  static void auth(AuthConfig auth, List<ConfigProblem> problems) {
    auth.htpasswd().ifPresent(h -> {
      if (h.path().isEmpty()) {
        problems.add(new ConfigProblem("http.auth.htpasswd.path", "is required"));
      } else if (!Files.isReadable(Path.of(h.path().get()))) {
        problems.add(new ConfigProblem("http.auth.htpasswd.path", "cannot read "
            + h.path().get()));
      }
    });
    auth.bearer().ifPresent(b -> {
      required(problems, "http.auth.bearer.realm", b.realm().isPresent());
      required(problems, "http.auth.bearer.service", b.service().isPresent());
      required(problems, "http.auth.bearer.cert", b.cert().isPresent());
      b.cert().filter(c -> !Files.isReadable(Path.of(c))).ifPresent(c -> problems.add(
          new ConfigProblem("http.auth.bearer.cert", "cannot read " + c)));
    });
    auth.ldap().ifPresent(l -> {
      required(problems, "http.auth.ldap.address", l.address().isPresent());
      required(problems, "http.auth.ldap.baseDN", l.baseDN().isPresent());
      l.credentialsFile().filter(c -> !Files.isReadable(Path.of(c))).ifPresent(c -> problems
          .add(new ConfigProblem("http.auth.ldap.credentialsFile", "cannot read " + c)));
    });
  }

  private static void required(List<ConfigProblem> problems, String at, boolean present) {
    if (!present) {
      problems.add(new ConfigProblem(at, "is required"));
    }
  }
}
