package io.zotj.service.auth;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out who sent each request and stores the {@link Identity} as the request attribute
 * {@link Identity#ATTRIBUTE}: from a Basic or Bearer {@code Authorization} header, else from the
 * client certificate of a mutual-TLS connection, else anonymous. Authorization happens later,
 * where the route is known ({@link Authorizer}).
 *
 * <p>Credentials that fail the check are answered with 401 only after {@code failDelay}; the
 * wait is a scheduled task on a suspended (servlet-async) request, so it holds no server thread.
 * Requests without credentials are never delayed. A client throttled for repeated failures
 * ({@link PasswordChecks}) gets 429 after at least {@link #THROTTLED_DELAY}. Mutating requests
 * are written to the audit log with their final status.
 */
final class AuthenticationFilter implements Filter {

  private static final Logger LOG = LoggerFactory.getLogger(AuthenticationFilter.class);
  private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

  /** How long a throttled client waits for its 429, at least. */
  static final Duration THROTTLED_DELAY = Duration.ofSeconds(1);

  /** Basic credentials with an empty user name and password: no credentials. */
  private static final String EMPTY_BASIC = "Og==";

  /** The method name of identities proven by a client certificate. */
  static final String MTLS = "mtls";

  private final Optional<PasswordChecks> passwords;
  private final Optional<BearerTokens> tokens;
  private final Challenges challenges;
  private final Duration failDelay;
  private final Optional<AuditLog> audit;
  private final ScheduledExecutorService scheduler;

  AuthenticationFilter(Optional<PasswordChecks> passwords, Optional<BearerTokens> tokens,
      Challenges challenges, Duration failDelay, Optional<AuditLog> audit,
      ScheduledExecutorService scheduler) {
    this.passwords = passwords;
    this.tokens = tokens;
    this.challenges = challenges;
    this.failDelay = failDelay;
    this.audit = audit;
    this.scheduler = scheduler;
  }

  /** How a request's credentials turned out. */
  private sealed interface Outcome {
    record Known(Identity identity) implements Outcome {}

    record Refused(int status, String code, String message) implements Outcome {}
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    Outcome outcome = authenticate(request);
    if (outcome instanceof Outcome.Refused refused) {
      refuse(request, response, refused);
      return;
    }
    Identity identity = ((Outcome.Known) outcome).identity();
    request.setAttribute(Identity.ATTRIBUTE, identity);
    try {
      chain.doFilter(request, response);
    } finally {
      audit(request, identity, response.getStatus());
    }
  }

  private Outcome authenticate(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    boolean checksHeaders = passwords.isPresent() || tokens.isPresent();
    if (header == null || header.isBlank() || !checksHeaders) {
      return new Outcome.Known(certificateIdentity(request).orElse(Identity.ANONYMOUS));
    }
    String scheme = header.strip();
    int space = scheme.indexOf(' ');
    String kind = space < 0 ? scheme : scheme.substring(0, space);
    String value = space < 0 ? "" : scheme.substring(space + 1).strip();
    if (kind.equalsIgnoreCase("Basic") && value.equals(EMPTY_BASIC)) {
      // what containers/image sends after a challenge when it holds no credentials
      return new Outcome.Known(certificateIdentity(request).orElse(Identity.ANONYMOUS));
    }
    if (kind.equalsIgnoreCase("Basic") && passwords.isPresent()) {
      return basic(value, request.getRemoteAddr());
    }
    if (kind.equalsIgnoreCase("Bearer") && tokens.isPresent()) {
      return tokens.get().verify(value, Instant.now()).<Outcome>map(Outcome.Known::new)
          .orElseGet(() -> refused("the token is not valid for this registry"));
    }
    return refused("unsupported or malformed Authorization header");
  }

  private Outcome basic(String encoded, String client) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return refused("malformed Basic credentials");
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return refused("malformed Basic credentials");
    }
    String user = decoded.substring(0, colon);
    PasswordChecks.Result result = passwords.get().check(user, decoded.substring(colon + 1),
        client);
    return switch (result.outcome()) {
      case OK -> new Outcome.Known(result.identity().get());
      case WRONG, UNAVAILABLE -> refused("wrong user name or password");
      case THROTTLED -> new Outcome.Refused(429, "TOOMANYREQUESTS",
          "too many failed logins from this address; try again later");
    };
  }

  private static Outcome refused(String message) {
    return new Outcome.Refused(401, "UNAUTHORIZED", message);
  }

  private void refuse(HttpServletRequest request, HttpServletResponse response,
      Outcome.Refused refused) throws IOException {
    LOG.debug("Refused credentials from {}: {}", request.getRemoteAddr(), refused.message());
    // a throttled client waits too, so that a guessing loop slows itself down
    Duration delay = refused.status() == 429 && failDelay.compareTo(THROTTLED_DELAY) < 0
        ? THROTTLED_DELAY : failDelay;
    if (delay.isZero() || !request.isAsyncSupported()) {
      write(request, response, refused);
      audit(request, Identity.ANONYMOUS, refused.status());
      return;
    }
    AsyncContext async = request.startAsync();
    async.setTimeout(delay.toMillis() + 30_000);
    scheduler.schedule(() -> {
      try {
        write(request, (HttpServletResponse) async.getResponse(), refused);
        audit(request, Identity.ANONYMOUS, refused.status());
      } catch (IOException | RuntimeException e) {
        LOG.debug("Could not answer a delayed refusal: {}", e.getMessage());
      } finally {
        async.complete();
      }
    }, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void write(HttpServletRequest request, HttpServletResponse response,
      Outcome.Refused refused) throws IOException {
    response.setStatus(refused.status());
    if (request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null) {
      // the body stays unread and Jetty will close the connection: tell the client
      response.setHeader("Connection", "close");
    }
    if (refused.status() == 401) {
      response.setHeader("WWW-Authenticate", challenges.challenge(Optional.empty()));
    } else {
      response.setHeader("Retry-After", "1");
    }
    response.setContentType("application/json");
    byte[] body = ("{\"errors\":[{\"code\":\"" + refused.code() + "\",\"message\":\""
        + refused.message() + "\"}]}").getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private void audit(HttpServletRequest request, Identity identity, int status) {
    if (audit.isEmpty() || !AuditLog.mutating(request.getMethod())) {
      return;
    }
    Object action = request.getAttribute(Authorizer.ACTION_ATTRIBUTE);
    audit.get().record(new AuditLog.Entry(Instant.now(), request.getRemoteAddr(),
        request.getHeader("X-Forwarded-For"), identity.subject(), request.getMethod(),
        action == null ? "" : action.toString(), request.getRequestURI(), status));
  }

  /** The subject CN of a verified client certificate, as a user. */
  static Optional<Identity> certificateIdentity(HttpServletRequest request) {
    if (!(request.getAttribute(CERTIFICATES) instanceof X509Certificate[] chain)
        || chain.length == 0) {
      return Optional.empty();
    }
    try {
      LdapName subject = new LdapName(chain[0].getSubjectX500Principal().getName());
      for (Rdn rdn : subject.getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return Optional.of(Identity.user(rdn.getValue().toString(), Set.of(), MTLS));
        }
      }
    } catch (InvalidNameException e) {
      LOG.debug("Client certificate subject unreadable: {}", e.getMessage());
    }
    return Optional.empty();
  }
}
