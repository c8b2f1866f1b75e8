package io.zotj.service.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Docker token flow's registry side: JWTs issued by the token service at {@code realm},
 * verified with the public key of the certificate in {@code cert}. A token is accepted within its
 * {@code nbf}/{@code exp} window when its {@code aud}, if present, is the configured service; its
 * {@code access} claim says which actions it grants on which repository.
 */
final class BearerTokens {

  private final String realm;
  private final String service;
  private final JWSVerifier verifier;

  BearerTokens(String realm, String service, Path cert) {
    this.realm = realm;
    this.service = service;
    this.verifier = verifier(publicKey(cert));
  }

  String realm() {
    return realm;
  }

  String service() {
    return service;
  }

  /** The identity a valid token proves; empty for a forged, expired or foreign token. */
  Optional<Identity> verify(String token, Instant now) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!jwt.verify(verifier)) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      if (claims.getExpirationTime() == null
          || !now.isBefore(claims.getExpirationTime().toInstant())) {
        return Optional.empty();
      }
      if (claims.getNotBeforeTime() != null
          && now.isBefore(claims.getNotBeforeTime().toInstant())) {
        return Optional.empty();
      }
      List<String> audience = claims.getAudience();
      if (!audience.isEmpty() && !audience.contains(service)) {
        return Optional.empty();
      }
      String subject = claims.getSubject() == null ? "" : claims.getSubject();
      return Optional.of(new Identity(Optional.of(subject), Set.of(), "bearer",
          Optional.of(access(claims.getClaim("access")))));
    } catch (ParseException | JOSEException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Repository name to the actions the claim grants: pull, push, delete or *. */
  private static Map<String, Set<Action>> access(Object claim) {
    Map<String, Set<Action>> granted = new HashMap<>();
    if (!(claim instanceof List<?> entries)) {
      return granted;
    }
    for (Object entry : entries) {
      if (entry instanceof Map<?, ?> item && "repository".equals(item.get("type"))
          && item.get("name") instanceof String name
          && item.get("actions") instanceof List<?> actions) {
        Set<Action> set = granted.computeIfAbsent(name, n -> EnumSet.noneOf(Action.class));
        for (Object action : actions) {
          set.addAll(actionsOf(String.valueOf(action)));
        }
      }
    }
    return granted;
  }

  private static Set<Action> actionsOf(String tokenAction) {
    return switch (tokenAction) {
      case "pull" -> EnumSet.of(Action.READ);
      case "push" -> EnumSet.of(Action.CREATE, Action.UPDATE);
      case "delete" -> EnumSet.of(Action.DELETE);
      case "*" -> EnumSet.of(Action.READ, Action.CREATE, Action.UPDATE, Action.DELETE);
      default -> EnumSet.noneOf(Action.class);
    };
  }

  /** The scope actions a request needing {@code action} asks the token service for. */
  static String scopeActions(Action action) {
    return switch (action) {
      case READ -> "pull";
      case CREATE, UPDATE -> "pull,push";
      case DELETE, DETECT_MANIFEST_COLLISION -> "delete";
    };
  }

  private static PublicKey publicKey(Path cert) {
    try (InputStream in = Files.newInputStream(cert)) {
      X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(in);
      return x509.getPublicKey();
    } catch (IOException | CertificateException | ClassCastException e) {
      throw new IllegalArgumentException("http.auth.bearer.cert: cannot read a certificate from "
          + cert + ": " + e.getMessage(), e);
    }
  }

  private static JWSVerifier verifier(PublicKey key) {
    try {
      if (key instanceof RSAPublicKey rsa) {
        return new RSASSAVerifier(rsa);
      }
      if (key instanceof ECPublicKey ec) {
        return new ECDSAVerifier(ec);
      }
    } catch (JOSEException e) {
      throw new IllegalArgumentException("http.auth.bearer.cert: unusable key: "
          + e.getMessage(), e);
    }
    throw new IllegalArgumentException("http.auth.bearer.cert: the certificate's key is "
        + key.getAlgorithm() + "; RSA or EC is needed");
  }
}
