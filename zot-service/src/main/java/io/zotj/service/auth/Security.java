package io.zotj.service.auth;

import com.codahale.metrics.health.HealthCheck;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.zotj.service.config.AuthConfig;
import io.zotj.service.config.HttpConfig;
import io.zotj.service.config.ZotConfiguration;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds authentication, access control and the audit log from {@code http} and {@code log},
 * and registers them with Dropwizard: the {@link AuthenticationFilter} on {@code /v2}, an LDAP
 * health check, and the {@link Authorizer} the API asks.
 */
public final class Security {

  private static final Logger LOG = LoggerFactory.getLogger(Security.class);

  private Security() {}

  public static Authorizer install(ZotConfiguration config, Environment environment)
      throws Exception {
    return install(config, environment, List.of());
  }

  /**
   * As {@link #install(ZotConfiguration, Environment)}, with the authentication filter also on
   * {@code extraPaths} (servlet URL patterns such as {@code /metrics}), so that requests there
   * carry an {@link Identity} too, e.g. for {@link Authorizer#mayReadMetrics(Identity)}.
   */
  public static Authorizer install(ZotConfiguration config, Environment environment,
      List<String> extraPaths) throws Exception {
    HttpConfig http = config.http();
    Optional<AuthConfig> auth = http.auth();
    List<PasswordSource> sources = passwordSources(auth, environment);
    Optional<PasswordChecks> passwords = passwordChecks(sources);
    Optional<BearerTokens> tokens = auth.flatMap(AuthConfig::bearer).map(b ->
        new BearerTokens(b.realm().orElseThrow(), b.service().orElseThrow(),
            Path.of(b.cert().orElseThrow())));
    boolean mtls = http.tls().flatMap(t -> t.cacert()).isPresent();
    boolean authRequired = passwords.isPresent() || tokens.isPresent() || mtls;
    Challenges challenges = new Challenges(http.realm(), tokens);
    Duration failDelay = Duration.ofSeconds(auth.map(AuthConfig::failDelay).orElse(0));
    Optional<AuditLog> audit = auditLog(config, environment);

    ScheduledExecutorService delays = environment.lifecycle()
        .scheduledExecutorService("auth-fail-delay").threads(1).build();
    register(environment, new AuthenticationFilter(passwords, tokens, challenges, failDelay,
        audit, delays), extraPaths);

    AccessPolicy policy = AccessPolicy.of(http.accessControl(), authRequired);
    LOG.info("Security: authentication {}, access control {}, failDelay {}s, audit log {}",
        describe(sources, tokens, mtls),
        http.accessControl().filter(a -> !a.isEmpty()).isPresent() ? "on" : "off",
        failDelay.toSeconds(), audit.isPresent() ? "on" : "off");
    return new Authorizer(policy, challenges, authRequired,
        passwords.isPresent() || tokens.isPresent());
  }

  /** LDAP first, as the reference says, then htpasswd. */
  private static List<PasswordSource> passwordSources(Optional<AuthConfig> auth,
      Environment environment) {
    List<PasswordSource> sources = new ArrayList<>();
    auth.flatMap(AuthConfig::ldap).ifPresent(ldapConfig -> {
      LdapDirectory ldap = new LdapDirectory(ldapConfig);
      sources.add(ldap);
      environment.healthChecks().register("ldap", new HealthCheck() {
        @Override
        protected Result check() throws Exception {
          ldap.probe();
          return Result.healthy();
        }
      });
      environment.lifecycle().manage(new Managed() {
        @Override
        public void stop() {
          ldap.close();
        }
      });
    });
    auth.flatMap(AuthConfig::htpasswd).flatMap(AuthConfig.HtpasswdConfig::path)
        .ifPresent(p -> sources.add(new Htpasswd(Path.of(p))));
    return sources;
  }

  private static Optional<PasswordChecks> passwordChecks(List<PasswordSource> sources) {
    if (sources.isEmpty()) {
      return Optional.empty();
    }
    int permits = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    PasswordChecks checks = new PasswordChecks(sources, permits);
    sources.stream().filter(Htpasswd.class::isInstance).map(Htpasswd.class::cast)
        .forEach(h -> h.onReload(checks::forget));
    return Optional.of(checks);
  }

  private static Optional<AuditLog> auditLog(ZotConfiguration config, Environment environment)
      throws IOException {
    if (config.log().audit().isEmpty()) {
      return Optional.empty();
    }
    AuditLog log = new AuditLog(Path.of(config.log().audit().get()));
    environment.lifecycle().manage(new Managed() {
      @Override
      public void stop() throws Exception {
        log.close();
      }
    });
    return Optional.of(log);
  }

  private static void register(Environment environment, AuthenticationFilter filter,
      List<String> extraPaths) {
    FilterRegistration.Dynamic registration =
        environment.servlets().addFilter("authentication", filter);
    registration.setAsyncSupported(true);
    List<String> paths = new ArrayList<>(List.of("/v2/*"));
    paths.addAll(extraPaths);
    registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true,
        paths.toArray(String[]::new));
  }

  private static String describe(List<PasswordSource> sources, Optional<BearerTokens> tokens,
      boolean mtls) {
    List<String> methods = new ArrayList<>();
    sources.forEach(s -> methods.add(s.name()));
    tokens.ifPresent(t -> methods.add("bearer"));
    if (mtls) {
      methods.add("mtls");
    }
    return methods.isEmpty() ? "off" : String.join(", ", methods);
  }
}
