package io.zotj.service.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.zotj.service.tls.Pem;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * A Docker token service for tests: {@code GET /token?service=S&scope=repository:NAME:ACTIONS}
 * with Basic credentials answers a JWT signed with a key made at run time. {@code tok-user}
 * gets every requested action under {@code bearer/}, pull elsewhere; anyone else gets 401.
 */
final class TokenService implements AutoCloseable {

  static final String USER = "tok-user";
  static final String PASSWORD = "tok-pass";

  private final HttpServer server;
  private final PrivateKey key;
  private final String service;

  TokenService(Path keyFile, String service) throws Exception {
    this.key = Pem.privateKey(keyFile);
    this.service = service;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/token", this::token);
    server.start();
  }

  URI realm() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
  }

  /** A signed token for {@code subject} granting {@code access} (repository to actions). */
  String issue(String subject, Map<String, List<String>> access, String audience,
      Instant notBefore, Instant expires) {
    return sign(key, subject, access, audience, notBefore, expires);
  }

  static String sign(PrivateKey key, String subject, Map<String, List<String>> access,
      String audience, Instant notBefore, Instant expires) {
    List<Map<String, Object>> claim = new ArrayList<>();
    access.forEach((name, actions) -> claim.add(Map.of("type", "repository", "name", name,
        "actions", actions)));
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer("test-token-service")
        .subject(subject).notBeforeTime(Date.from(notBefore))
        .issueTime(Date.from(notBefore)).expirationTime(Date.from(expires))
        .claim("access", claim);
    if (audience != null) {
      claims.audience(audience);
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  private void token(HttpExchange exchange) throws IOException {
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
        .getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(auth)) {
      exchange.sendResponseHeaders(401, -1);
      exchange.close();
      return;
    }
    Map<String, List<String>> access = new java.util.LinkedHashMap<>();
    String query = exchange.getRequestURI().getRawQuery();
    for (String pair : query == null ? new String[0] : query.split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv.length == 2 && kv[0].equals("scope")) {
        String[] scope = URLDecoder.decode(kv[1], StandardCharsets.UTF_8).split(":");
        if (scope.length == 3 && scope[0].equals("repository")) {
          List<String> asked = List.of(scope[2].split(","));
          access.put(scope[1], scope[1].startsWith("bearer/") ? asked
              : asked.stream().filter("pull"::equals).toList());
        }
      }
    }
    Instant now = Instant.now();
    String token = issue(USER, access, service, now.minusSeconds(5), now.plusSeconds(300));
    byte[] body = ("{\"token\":\"" + token + "\",\"access_token\":\"" + token
        + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
