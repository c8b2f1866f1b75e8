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
