package io.zotj.service.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks user names and passwords against the configured sources (LDAP before htpasswd), keeping
 * the expensive part cheap for everyone else:
 *
 * <ul>
 *   <li>a successful check is remembered for {@link #SUCCESS_TTL}, keyed by a salted SHA-256 of
 *       the credentials (the password itself is never kept), so bcrypt does not run per request;
 *   <li>at most {@code permits} checks run at once (bcrypt is CPU by design);
 *   <li>a client address with {@link #FAILURES_BEFORE_THROTTLE} failures in the last minute may
 *       start at most one uncached check per {@link #THROTTLED_INTERVAL}; other attempts are
 *       answered {@link Outcome#THROTTLED} without a check.
 * </ul>
 */
final class PasswordChecks {

  private static final Logger LOG = LoggerFactory.getLogger(PasswordChecks.class);

  static final Duration SUCCESS_TTL = Duration.ofSeconds(60);
  static final int FAILURES_BEFORE_THROTTLE = 20;
  static final Duration THROTTLED_INTERVAL = Duration.ofMillis(500);
  private static final Duration QUEUE_WAIT = Duration.ofSeconds(5);

  /** How a check ended. */
  enum Outcome { OK, WRONG, THROTTLED, UNAVAILABLE }

  /** The outcome, with the identity when it is OK. */
  record Result(Outcome outcome, Optional<Identity> identity) {}

  private final List<PasswordSource> sources;
  private final Semaphore permits;
  private final byte[] salt = new byte[32];
  private final Cache<String, Identity> succeeded = Caffeine.newBuilder()
      .expireAfterWrite(SUCCESS_TTL).maximumSize(10_000).build();
  private final Cache<String, Failures> failures = Caffeine.newBuilder()
      .expireAfterWrite(Duration.ofMinutes(1)).maximumSize(100_000).build();

  /** Recent failures of one client address. */
  private static final class Failures {
    final AtomicInteger count = new AtomicInteger();
    final AtomicLong lastCheck = new AtomicLong();
  }

  PasswordChecks(List<PasswordSource> sources, int permits) {
    this.sources = List.copyOf(sources);
    this.permits = new Semaphore(permits, true);
    new SecureRandom().nextBytes(salt);
  }

  /** Forgets remembered successes, e.g. after the htpasswd file changed. */
  void forget() {
    succeeded.invalidateAll();
  }

  Result check(String user, String password, String client) {
    for (PasswordSource source : sources) {
      source.refresh(); // a changed htpasswd file drops remembered successes first
    }
    String key = key(user, password);
    Identity known = succeeded.getIfPresent(key);
    if (known != null) {
      return new Result(Outcome.OK, Optional.of(known));
    }
    // Each check counts as a failure of its address until it succeeds, so that a burst of
    // parallel guesses cannot all pass before the first of them is counted; a success of one
    // user never clears the failures of the address, or an attacker with an account could
    // reset the throttle at will.
    Failures recent = failures.get(client, c -> new Failures());
    if (recent.count.incrementAndGet() > FAILURES_BEFORE_THROTTLE) {
      long now = System.nanoTime();
      long last = recent.lastCheck.get();
      boolean tooSoon = now - last < THROTTLED_INTERVAL.toNanos();
      if (tooSoon || !recent.lastCheck.compareAndSet(last, now)) {
        return new Result(Outcome.THROTTLED, Optional.empty());
      }
    }
    Result result = checkWithPermit(user, password);
    if (result.outcome() == Outcome.OK) {
      succeeded.put(key, result.identity().get());
      recent.count.decrementAndGet();
    } else if (result.outcome() != Outcome.WRONG) {
      recent.count.decrementAndGet(); // unavailable or queued out: not the caller's failure
    }
    return result;
  }

  private Result checkWithPermit(String user, String password) {
    try {
      if (!permits.tryAcquire(QUEUE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        return new Result(Outcome.THROTTLED, Optional.empty());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(Outcome.UNAVAILABLE, Optional.empty());
    }
    try {
      boolean unavailable = false;
      for (PasswordSource source : sources) {
        try {
          Optional<Identity> identity = source.verify(user, password);
          if (identity.isPresent()) {
            return new Result(Outcome.OK, identity);
          }
        } catch (PasswordSource.SourceUnavailableException e) {
          LOG.warn("{} cannot check passwords: {}", source.name(), e.getMessage());
          unavailable = true;
        } catch (RuntimeException e) {
          // A password the check cannot take (bcrypt refuses more than 72 bytes) is a wrong
          // one: answered, delayed and counted like any other, never a 500 that would tell a
          // known user from an unknown one.
          LOG.debug("{} refused a password it cannot check: {}", source.name(),
              e.getClass().getSimpleName());
        }
      }
      return new Result(unavailable ? Outcome.UNAVAILABLE : Outcome.WRONG, Optional.empty());
    } finally {
      permits.release();
    }
  }

  private String key(String user, String password) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt);
      sha.update(user.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(password.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
