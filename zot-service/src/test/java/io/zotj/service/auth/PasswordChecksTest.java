package io.zotj.service.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bcrypt runs once per remembered success, and a failing client is throttled. */
class PasswordChecksTest {

  @TempDir Path dir;

  /** A real htpasswd file behind a counter of the checks that reach it. */
  static final class Counted implements PasswordSource {
    final Htpasswd file;
    final AtomicInteger checks = new AtomicInteger();

    Counted(Htpasswd file) {
      this.file = file;
    }

    @Override
    public String name() {
      return "htpasswd";
    }

    @Override
    public Optional<Identity> verify(String user, String password) {
      checks.incrementAndGet();
      return file.verify(user, password);
    }

    @Override
    public void refresh() {
      file.refresh();
    }
  }

  private Counted htpasswd() throws Exception {
    Commands.run(dir, "htpasswd", "-B", "-b", "-c", "htpasswd", "kim", "kim-secret");
    return new Counted(new Htpasswd(dir.resolve("htpasswd")));
  }

  @Test
  void remembersASuccessSoBcryptDoesNotRunPerRequest() throws Exception {
    Counted source = htpasswd();
    PasswordChecks checks = new PasswordChecks(List.of(source), 1);

    for (int i = 0; i < 100; i++) {
      assertThat(checks.check("kim", "kim-secret", "10.0.0.1").outcome())
          .isEqualTo(PasswordChecks.Outcome.OK);
    }
    assertThat(source.checks.get()).isEqualTo(1);

    checks.forget();
    checks.check("kim", "kim-secret", "10.0.0.1");
    assertThat(source.checks.get()).isEqualTo(2);
    assertThat(checks.check("kim", "kim-secreT", "10.0.0.1").outcome())
        .isEqualTo(PasswordChecks.Outcome.WRONG);
  }

  @Test
  void throttlesAnAddressThatKeepsFailingButNotOthers() throws Exception {
    Counted source = htpasswd();
    PasswordChecks checks = new PasswordChecks(List.of(source), 1);

    for (int i = 0; i < PasswordChecks.FAILURES_BEFORE_THROTTLE; i++) {
      assertThat(checks.check("kim", "guess" + i, "10.0.0.9").outcome())
          .isEqualTo(PasswordChecks.Outcome.WRONG);
    }
    int before = source.checks.get();
    List<PasswordChecks.Outcome> burst = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      burst.add(checks.check("kim", "burst" + i, "10.0.0.9").outcome());
    }

    assertThat(source.checks.get() - before).isLessThanOrEqualTo(1);
    assertThat(burst).containsOnly(PasswordChecks.Outcome.THROTTLED,
        PasswordChecks.Outcome.WRONG);
    assertThat(checks.check("kim", "kim-secret", "10.0.0.10").outcome())
        .isEqualTo(PasswordChecks.Outcome.OK);
  }

  @Test
  void aPasswordBcryptCannotTakeIsAWrongPasswordForKnownAndUnknownUsers() throws Exception {
    PasswordChecks checks = new PasswordChecks(List.of(htpasswd()), 1);
    String tooLong = "Q".repeat(73);

    assertThat(checks.check("kim", tooLong, "10.0.0.3").outcome())
        .isEqualTo(PasswordChecks.Outcome.WRONG);
    assertThat(checks.check("nobody", tooLong, "10.0.0.3").outcome())
        .isEqualTo(PasswordChecks.Outcome.WRONG);
    assertThat(checks.check("kim", "x".repeat(5000), "10.0.0.3").outcome())
        .isEqualTo(PasswordChecks.Outcome.WRONG);
  }

  @Test
  void aSuccessfulLoginDoesNotResetTheThrottleOfItsAddress() throws Exception {
    Commands.run(dir, "htpasswd", "-B", "-b", "-c", "htpasswd", "kim", "kim-secret");
    Commands.run(dir, "htpasswd", "-B", "-b", "htpasswd", "lee", "lee-secret");
    PasswordChecks checks = new PasswordChecks(List.of(new Htpasswd(dir.resolve("htpasswd"))),
        1);
    for (int i = 0; i < PasswordChecks.FAILURES_BEFORE_THROTTLE; i++) {
      checks.check("kim", "guess" + i, "10.0.0.7");
    }
    assertThat(checks.check("lee", "lee-secret", "10.0.0.7").outcome())
        .isIn(PasswordChecks.Outcome.OK, PasswordChecks.Outcome.THROTTLED);

    List<PasswordChecks.Outcome> after = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      after.add(checks.check("kim", "again" + i, "10.0.0.7").outcome());
    }
    assertThat(after).contains(PasswordChecks.Outcome.THROTTLED);
  }

  @Test
  void aParallelBurstIsThrottledToo() throws Exception {
    PasswordChecks checks = new PasswordChecks(List.of(htpasswd()), 2);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors
        .newFixedThreadPool(8);
    List<java.util.concurrent.Future<PasswordChecks.Outcome>> outcomes =
        new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String guess = "parallel" + i;
      outcomes.add(pool.submit(() -> checks.check("kim", guess, "10.0.0.8").outcome()));
    }
    List<PasswordChecks.Outcome> seen = new java.util.ArrayList<>();
    for (java.util.concurrent.Future<PasswordChecks.Outcome> outcome : outcomes) {
      seen.add(outcome.get());
    }
    pool.shutdown();
    assertThat(seen).contains(PasswordChecks.Outcome.THROTTLED);
  }

  @Test
  void forgetsWhenTheFileChanges() throws Exception {
    Counted source = htpasswd();
    PasswordChecks checks = new PasswordChecks(List.of(source), 1);
    source.file.onReload(checks::forget);
    assertThat(checks.check("kim", "kim-secret", "10.0.0.1").outcome())
        .isEqualTo(PasswordChecks.Outcome.OK);

    Thread.sleep(1100);
    Commands.run(dir, "htpasswd", "-B", "-b", "htpasswd", "kim", "new-secret");

    assertThat(checks.check("kim", "kim-secret", "10.0.0.1").outcome())
        .isEqualTo(PasswordChecks.Outcome.WRONG);
    assertThat(checks.check("kim", "new-secret", "10.0.0.1").outcome())
        .isEqualTo(PasswordChecks.Outcome.OK);
  }
}
