package io.zotj.spi.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every cache driver must have. A driver's test extends this class and says how to
 * open its index for a storage root; opening the same root again must find what was recorded.
 */
public abstract class CacheDriverContract {

  @TempDir protected Path root;

  private final List<CacheDriver> opened = new ArrayList<>();
  protected CacheDriver cache;

  /** Opens the driver's index for {@code root}. */
  protected abstract CacheDriver open(Path root) throws Exception;

  /**
   * How many locations of one digest the tests record: a layer pushed to that many repositories.
   * Far more than any page or record a driver keeps them in.
   */
  protected int manyLocations() {
    return 500;
  }

  /** How many digests the growth test records; remote drivers may choose fewer. */
  protected int manyDigests() {
    return 20_000;
  }

  @BeforeEach
  void openCache() throws Exception {
    cache = track(open(root));
  }

  @AfterEach
  void closeAll() throws Exception {
    for (CacheDriver driver : opened) {
      driver.close();
    }
  }

  private CacheDriver track(CacheDriver driver) {
    opened.add(driver);
    return driver;
  }

  static String digest(int n) {
    return "sha256:" + String.format("%064x", n);
  }

  static String location(String repo, int n) {
    return repo + "/blobs/sha256/" + String.format("%064x", n);
  }

  @Test
  void knowsNothingOfADigestNeverRecorded() {
    assertThat(cache.canonical(digest(1))).isEmpty();
    assertThat(cache.locations(digest(1))).isEmpty();
    assertThat(cache.has(digest(1), location("a", 1))).isFalse();
    assertThat(cache.remove(digest(1), location("a", 1))).isFalse();
    assertThat(cache.size()).isZero();
  }

  @Test
  void theFirstLocationRecordedIsCanonical() {
    cache.put(digest(1), location("a", 1));
    cache.put(digest(1), location("b", 1));
    cache.put(digest(1), location("c", 1));

    assertThat(cache.canonical(digest(1))).contains(location("a", 1));
    assertThat(cache.locations(digest(1)))
        .containsExactly(location("a", 1), location("b", 1), location("c", 1));
    assertThat(cache.has(digest(1), location("b", 1))).isTrue();
    assertThat(cache.has(digest(1), location("d", 1))).isFalse();
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void recordingALocationTwiceChangesNothing() {
    cache.put(digest(1), location("a", 1));
    cache.put(digest(1), location("b", 1));
    cache.put(digest(1), location("a", 1));

    assertThat(cache.locations(digest(1))).containsExactly(location("a", 1), location("b", 1));
  }

  @Test
  void removingTheCanonicalLocationPromotesTheOldestOther() {
    cache.put(digest(1), location("a", 1));
    cache.put(digest(1), location("b", 1));
    cache.put(digest(1), location("c", 1));

    assertThat(cache.remove(digest(1), location("a", 1))).isTrue();

    assertThat(cache.canonical(digest(1))).contains(location("b", 1));
    assertThat(cache.has(digest(1), location("a", 1))).isFalse();
  }

  @Test
  void removingOneLocationLeavesTheOthersAndOtherDigests() {
    cache.put(digest(1), location("a", 1));
    cache.put(digest(1), location("b", 1));
    cache.put(digest(2), location("b", 2));

    assertThat(cache.remove(digest(1), location("b", 1))).isTrue();
    assertThat(cache.remove(digest(1), location("b", 1))).isFalse();

    assertThat(cache.locations(digest(1))).containsExactly(location("a", 1));
    assertThat(cache.canonical(digest(2))).contains(location("b", 2));
  }

  @Test
  void forgetsADigestWithItsLastLocation() {
    cache.put(digest(1), location("a", 1));
    cache.put(digest(2), location("a", 2));

    cache.remove(digest(1), location("a", 1));

    assertThat(cache.canonical(digest(1))).isEmpty();
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void keepsEveryLocationOfADigestHeldByManyRepositories() {
    int n = manyLocations();
    for (int i = 0; i < n; i++) {
      cache.put(digest(1), location("repo" + i, 1));
    }

    List<String> kept = cache.locations(digest(1));
    assertThat(kept).hasSize(n).doesNotHaveDuplicates();
    for (int i = 0; i < n; i++) {
      assertThat(kept.get(i)).isEqualTo(location("repo" + i, 1));
    }
    assertThat(cache.has(digest(1), location("repo" + (n / 2), 1))).isTrue();
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void afterRemovingAllLocationsButAnyOneTheOneLeftIsCanonical() {
    int n = manyLocations();
    for (int survivor : new int[] {0, n / 2 + 1, n - 1}) {
      String d = digest(1000 + survivor);
      for (int i = 0; i < n; i++) {
        cache.put(d, location("repo" + i, 1));
      }

      for (int i = n - 1; i >= 0; i--) { // from the end, so that pages empty one by one
        if (i != survivor) {
          assertThat(cache.remove(d, location("repo" + i, 1))).as("remove repo%d", i).isTrue();
        }
      }

      assertThat(cache.locations(d)).as("survivor repo%d", survivor)
          .containsExactly(location("repo" + survivor, 1));
      assertThat(cache.canonical(d)).contains(location("repo" + survivor, 1));
    }
  }

  @Test
  void removingLocationsFromTheMiddleKeepsTheOthersInOrder() {
    int n = manyLocations();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      cache.put(digest(1), location("repo" + i, 1));
      if (i % 3 != 1) {
        expected.add(location("repo" + i, 1));
      }
    }

    for (int i = 1; i < n; i += 3) {
      assertThat(cache.remove(digest(1), location("repo" + i, 1))).isTrue();
    }
    cache.put(digest(1), location("late", 1));
    expected.add(location("late", 1));

    assertThat(cache.locations(digest(1))).containsExactlyElementsOf(expected);
    assertThat(cache.has(digest(1), location("repo1", 1))).isFalse();
  }

  @Test
  void findsWhatWasRecordedAfterReopening() throws Exception {
    cache.put(digest(1), location("a", 1));
    cache.put(digest(1), location("b", 1));
    List<String> many = new ArrayList<>();
    for (int i = 0; i < manyLocations(); i++) {
      many.add(location("repo" + i, 2));
      cache.put(digest(2), many.get(i));
    }
    cache.close();
    opened.remove(cache);

    CacheDriver again = track(open(root));

    assertThat(again.locations(digest(1))).containsExactly(location("a", 1), location("b", 1));
    assertThat(again.locations(digest(2))).containsExactlyElementsOf(many);
  }

  @Test
  void growsBeyondAnySmallStartingCapacity() {
    int n = manyDigests();
    for (int i = 0; i < n; i++) {
      cache.put(digest(i), location("r" + (i % 97), i));
    }

    assertThat(cache.size()).isEqualTo(n);
    assertThat(cache.canonical(digest(n - 1))).contains(location("r" + ((n - 1) % 97), n - 1));
    assertThat(cache.canonical(digest(0))).contains(location("r0", 0));
  }

  @Test
  void takesPutsFromManyThreadsAtOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String repo = "repo" + t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 500; i++) {
            cache.put(digest(i), location(repo, i));
          }
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(cache.size()).isEqualTo(500);
    for (int i = 0; i < 500; i += 50) {
      assertThat(cache.locations(digest(i))).hasSize(4);
    }
  }
}
