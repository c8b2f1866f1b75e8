package io.zotj.spi.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour every {@link StorageDriver} must show, as its Javadoc states it; each driver's
 * test class extends this one and opens a fresh, empty driver per test.
 *
 * <p>A driver with a durable mode ({@code storage.commit}) runs the suite a second time from a
 * subclass whose {@link #durable()} returns true.
 */
public abstract class StorageDriverContract {

  private static final int LARGE = 1 << 20;

  @TempDir protected Path scratch;

  protected StorageDriver driver;

  /**
   * Opens a fresh driver that holds nothing yet.
   *
   * @param scratch an empty folder of this test the driver may keep its files (or state) in
   * @param durable whether to open the driver durable
   */
  protected abstract StorageDriver openDriver(Path scratch, boolean durable) throws Exception;

  /** Whether this run of the suite opens its drivers durable; false unless overridden. */
  protected boolean durable() {
    return false;
  }

  @BeforeEach
  void openFreshDriver() throws Exception {
    driver = openDriver(scratch, durable());
  }

  @AfterEach
  void closeDriver() throws IOException {
    driver.close();
  }

  @Test
  void hasALowerCaseName() {
    assertThat(driver.name()).isNotBlank().isEqualTo(driver.name().toLowerCase());
  }

  // read and readAll

  @Test
  void readsAFileFromTheStart() throws Exception {
    byte[] content = bytes(10_000, 1);
    driver.writeAtomically("repo/file", content);

    assertThat(readFrom("repo/file", 0)).isEqualTo(content);
  }

  @Test
  void readsAFileFromTheMiddle() throws Exception {
    byte[] content = bytes(10_000, 2);
    driver.writeAtomically("repo/file", content);

    assertThat(readFrom("repo/file", 4_321))
        .isEqualTo(Arrays.copyOfRange(content, 4_321, content.length));
  }

  @Test
  void readsNothingFromTheEndOrPastIt() throws Exception {
    driver.writeAtomically("repo/file", bytes(100, 3));

    assertThat(readFrom("repo/file", 100)).isEmpty();
    assertThat(readFrom("repo/file", 5_000)).isEmpty();
  }

  @Test
  void readOfAMissingFileIsPathNotFound() throws Exception {
    driver.writeAtomically("repo/file", bytes(10, 4));

    assertThatThrownBy(() -> driver.read("repo/other", 0))
        .isInstanceOf(PathNotFoundException.class);
    assertThatThrownBy(() -> driver.read("nowhere/file", 0))
        .isInstanceOf(PathNotFoundException.class);
    assertThatThrownBy(() -> driver.read("repo/file/child", 0))
        .isInstanceOf(PathNotFoundException.class);
  }

  @Test
  void readOfADirectoryIsPathNotFound() throws Exception {
    driver.writeAtomically("repo/dir/file", bytes(10, 5));

    assertThatThrownBy(() -> driver.read("repo/dir", 0))
        .isInstanceOf(PathNotFoundException.class);
    assertThatThrownBy(() -> driver.readAll("repo/dir"))
        .isInstanceOf(PathNotFoundException.class);
  }

  @Test
  void readsAWholeFile() throws Exception {
    byte[] content = bytes(3_000, 6);
    driver.writeAtomically("repo/index.json", content);
    driver.writeAtomically("repo/empty", new byte[0]);

    assertThat(driver.readAll("repo/index.json")).isEqualTo(content);
    assertThat(driver.readAll("repo/empty")).isEmpty();
  }

  @Test
  void readAllOfAMissingFileIsPathNotFound() {
    assertThatThrownBy(() -> driver.readAll("repo/index.json"))
        .isInstanceOf(PathNotFoundException.class)
        .satisfies(e -> assertThat(((StorageException) e).path()).isEqualTo("repo/index.json"));
  }

  // stat

  @Test
  void statsAFile() throws Exception {
    Instant before = Instant.now();
    driver.writeAtomically("repo/blobs/file", bytes(1_234, 7));
    Instant after = Instant.now();

    FileInfo info = driver.stat("repo/blobs/file").orElseThrow();

    assertThat(info.path()).isEqualTo("repo/blobs/file");
    assertThat(info.size()).isEqualTo(1_234);
    assertThat(info.directory()).isFalse();
    assertThat(info.modified()).isBetween(before.minusSeconds(2), after.plusSeconds(2));
  }

  @Test
  void statsADirectory() throws Exception {
    driver.writeAtomically("repo/blobs/file", bytes(1_234, 8));

    FileInfo info = driver.stat("repo/blobs").orElseThrow();

    assertThat(info.path()).isEqualTo("repo/blobs");
    assertThat(info.directory()).isTrue();
    assertThat(info.size()).isZero();
  }

  @Test
  void statOfAMissingPathIsEmpty() throws Exception {
    driver.writeAtomically("repo/file", bytes(10, 9));

    assertThat(driver.stat("repo/other")).isEmpty();
    assertThat(driver.stat("other/file")).isEmpty();
    assertThat(driver.stat("repo/file/child")).isEmpty();
  }

  // list

  @Test
  void listsTheRoot() throws Exception {
    driver.writeAtomically("alpine/index.json", bytes(10, 10));
    driver.writeAtomically("busybox/index.json", bytes(10, 11));
    driver.writeAtomically("top-file", bytes(10, 12));

    assertThat(driver.list("")).containsExactlyInAnyOrder("alpine", "busybox", "top-file");
  }

  @Test
  void listsNamesOfDirectChildrenOfANestedDirectory() throws Exception {
    driver.writeAtomically("repo/blobs/sha256/aa", bytes(10, 13));
    driver.writeAtomically("repo/blobs/sha256/bb", bytes(10, 14));
    driver.writeAtomically("repo/blobs/sha256/deeper/cc", bytes(10, 15));

    assertThat(driver.list("repo/blobs/sha256")).containsExactlyInAnyOrder("aa", "bb", "deeper");
    assertThat(driver.list("repo")).containsExactly("blobs");
  }

  @Test
  void listOfAMissingDirectoryOrOfAFileIsEmpty() throws Exception {
    driver.writeAtomically("repo/file", bytes(10, 16));

    assertThat(driver.list("missing")).isEmpty();
    assertThat(driver.list("repo/missing/deeper")).isEmpty();
    assertThat(driver.list("repo/file")).isEmpty();
  }

  @Test
  void listShowsOnlyWhatWasWrittenWhileWritesAreUnderWay() throws Exception {
    driver.writeAtomically("repo/index.json", bytes(10, 17));
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<?> writes = pool.submit(() -> writeRepeatedly("repo/index.json", 200, done));
      while (!done.get()) {
        assertThat(driver.list("repo")).containsExactly("index.json");
      }
      writes.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(driver.list("repo")).containsExactly("index.json");
  }

  // writeAtomically

  @Test
  void writeAtomicallyCreatesParentsAndReplaces() throws Exception {
    driver.writeAtomically("a/b/c/file", text("first"));
    driver.writeAtomically("a/b/c/file", text("second, longer"));
    driver.writeAtomically("a/b/c/file", text("3rd"));

    assertThat(driver.readAll("a/b/c/file")).isEqualTo(text("3rd"));
    assertThat(driver.stat("a/b/c/file").orElseThrow().size()).isEqualTo(3);
    assertThat(driver.list("a/b/c")).containsExactly("file");
  }

  @Test
  void readersNeverSeeAPartialAtomicWrite() throws Exception {
    byte[] one = filled(LARGE, (byte) 'a');
    byte[] two = filled(LARGE + 4_096, (byte) 'b');
    driver.writeAtomically("repo/index.json", one);
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    int reads = 0;
    try {
      Future<?> writes =
          pool.submit(
              () -> {
                for (int i = 0; i < 40; i++) {
                  driver.writeAtomically("repo/index.json", i % 2 == 0 ? two : one);
                }
                done.set(true);
                return null;
              });
      while (!done.get()) {
        byte[] seen =
            reads % 2 == 0 ? driver.readAll("repo/index.json") : readFrom("repo/index.json", 0);
        assertThat(Arrays.equals(seen, one) || Arrays.equals(seen, two))
            .as("read %d saw %d bytes, neither old nor new content", reads, seen.length)
            .isTrue();
        reads++;
      }
      writes.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(reads).isPositive();
  }

  // writer

  @Test
  void writerCreatesAFileWithParentsAndCountsItsSize() throws Exception {
    byte[] content = bytes(70_000, 18);
    try (FileWriter writer = driver.writer("repo/.uploads/session", false)) {
      assertThat(writer.size()).isZero();
      ByteBuffer first = ByteBuffer.wrap(content, 0, 30_000);
      writer.write(first);
      assertThat(first.hasRemaining()).isFalse();
      writer.write(ByteBuffer.wrap(content, 30_000, 40_000));
      assertThat(writer.size()).isEqualTo(70_000);
    }

    assertThat(driver.readAll("repo/.uploads/session")).isEqualTo(content);
  }

  @Test
  void flushedBytesAreReadableBeforeClose() throws Exception {
    try (FileWriter writer = driver.writer("repo/upload", false)) {
      writer.write(ByteBuffer.wrap(text("chunk one;")));
      writer.flush();

      assertThat(driver.readAll("repo/upload")).isEqualTo(text("chunk one;"));
      assertThat(driver.stat("repo/upload").orElseThrow().size()).isEqualTo(10);
    }
  }

  @Test
  void writerAppendsAfterExistingBytes() throws Exception {
    try (FileWriter writer = driver.writer("repo/upload", false)) {
      writer.write(ByteBuffer.wrap(text("hello ")));
    }
    try (FileWriter writer = driver.writer("repo/upload", true)) {
      assertThat(writer.size()).isEqualTo(6);
      writer.write(ByteBuffer.wrap(text("world")));
      assertThat(writer.size()).isEqualTo(11);
    }

    assertThat(driver.readAll("repo/upload")).isEqualTo(text("hello world"));
  }

  @Test
  void writerInAppendModeCreatesAMissingFile() throws Exception {
    try (FileWriter writer = driver.writer("repo/new/upload", true)) {
      assertThat(writer.size()).isZero();
      writer.write(ByteBuffer.wrap(text("x")));
    }

    assertThat(driver.readAll("repo/new/upload")).isEqualTo(text("x"));
  }

  @Test
  void writerWithoutAppendTruncates() throws Exception {
    driver.writeAtomically("repo/upload", bytes(5_000, 19));
    try (FileWriter writer = driver.writer("repo/upload", false)) {
      assertThat(writer.size()).isZero();
      writer.write(ByteBuffer.wrap(text("short")));
    }

    assertThat(driver.readAll("repo/upload")).isEqualTo(text("short"));
  }

  @Test
  void closingAWriterTwiceIsHarmless() throws Exception {
    FileWriter writer = driver.writer("repo/upload", false);
    writer.write(ByteBuffer.wrap(text("once")));
    writer.close();
    writer.close();

    assertThat(driver.readAll("repo/upload")).isEqualTo(text("once"));
  }

  // move

  @Test
  void moveRenamesAndCreatesParents() throws Exception {
    driver.writeAtomically("repo/.uploads/session", text("blob"));

    driver.move("repo/.uploads/session", "repo/blobs/sha256/abc");

    assertThat(driver.readAll("repo/blobs/sha256/abc")).isEqualTo(text("blob"));
    assertThat(driver.stat("repo/.uploads/session")).isEmpty();
  }

  @Test
  void moveReplacesTheTarget() throws Exception {
    driver.writeAtomically("repo/source", text("new"));
    driver.writeAtomically("repo/target", text("old and longer"));

    driver.move("repo/source", "repo/target");

    assertThat(driver.readAll("repo/target")).isEqualTo(text("new"));
    assertThat(driver.list("repo")).containsExactly("target");
  }

  @Test
  void moveOfAMissingSourceIsPathNotFound() throws Exception {
    driver.writeAtomically("repo/target", text("kept"));

    assertThatThrownBy(() -> driver.move("repo/missing", "repo/target"))
        .isInstanceOf(PathNotFoundException.class);
    assertThat(driver.readAll("repo/target")).isEqualTo(text("kept"));
  }

  // link

  @Test
  void linkGivesTheTargetTheSameBytes() throws Exception {
    byte[] content = bytes(50_000, 20);
    driver.writeAtomically("one/blobs/sha256/abc", content);

    driver.link("one/blobs/sha256/abc", "two/blobs/sha256/abc");

    assertThat(driver.readAll("two/blobs/sha256/abc")).isEqualTo(content);
    assertThat(driver.readAll("one/blobs/sha256/abc")).isEqualTo(content);
    assertThat(driver.stat("two/blobs/sha256/abc").orElseThrow().size()).isEqualTo(50_000);
  }

  @Test
  void linkedTargetKeepsItsBytesWhenTheSourceGoes() throws Exception {
    driver.writeAtomically("one/blob", text("shared"));
    driver.link("one/blob", "two/blob");

    driver.writeAtomically("one/blob", text("replaced"));
    assertThat(driver.readAll("two/blob")).isEqualTo(text("shared"));

    driver.delete("one/blob");
    assertThat(driver.readAll("two/blob")).isEqualTo(text("shared"));
  }

  @Test
  void linkReplacesTheTarget() throws Exception {
    driver.writeAtomically("one/blob", text("source"));
    driver.writeAtomically("two/blob", text("previous target"));

    driver.link("one/blob", "two/blob");

    assertThat(driver.readAll("two/blob")).isEqualTo(text("source"));
    assertThat(driver.list("two")).containsExactly("blob");
  }

  @Test
  void linkOfAMissingSourceIsPathNotFound() throws Exception {
    assertThatThrownBy(() -> driver.link("one/missing", "two/blob"))
        .isInstanceOf(PathNotFoundException.class);
    assertThat(driver.stat("two/blob")).isEmpty();
    assertThat(driver.list("two")).isEmpty();
  }

  @Test
  void countsTheNamesOfSharedBytesSoThatADeleteKnowsWhetherItFreesSpace() throws Exception {
    driver.writeAtomically("one/blob", text("shared"));
    assertThat(driver.links("one/blob")).isEqualTo(1);

    boolean shared = driver.link("one/blob", "two/blob");

    int expected = shared ? 2 : 1;
    assertThat(driver.shared("one/blob", "two/blob")).isEqualTo(shared);
    assertThat(driver.shared("one/blob", "one/blob")).isEqualTo(shared);
    assertThat(driver.shared("one/blob", "one/missing")).isFalse();
    assertThat(driver.links("one/blob")).isEqualTo(expected);
    assertThat(driver.links("two/blob")).isEqualTo(expected);
    driver.delete("one/blob");
    assertThat(driver.links("two/blob")).isEqualTo(1);
    assertThat(driver.links("one/blob")).isZero();
    assertThat(driver.links("two")).as("a directory is no file").isZero();
  }

  // delete

  @Test
  void deletesAFile() throws Exception {
    driver.writeAtomically("repo/a", text("a"));
    driver.writeAtomically("repo/b", text("b"));

    assertThat(driver.delete("repo/a")).isTrue();

    assertThat(driver.stat("repo/a")).isEmpty();
    assertThat(driver.list("repo")).containsExactly("b");
  }

  @Test
  void deletesADirectoryWithEverythingUnderIt() throws Exception {
    driver.writeAtomically("repo/blobs/sha256/aa", text("a"));
    driver.writeAtomically("repo/blobs/sha256/bb", text("b"));
    driver.writeAtomically("repo/index.json", text("{}"));
    driver.writeAtomically("other/index.json", text("{}"));

    assertThat(driver.delete("repo")).isTrue();

    assertThat(driver.stat("repo")).isEmpty();
    assertThat(driver.stat("repo/blobs/sha256/aa")).isEmpty();
    assertThat(driver.list("")).containsExactly("other");
  }

  @Test
  void deletingAMissingPathReturnsFalse() throws Exception {
    driver.writeAtomically("repo/file", text("x"));

    assertThat(driver.delete("repo/missing")).isFalse();
    assertThat(driver.delete("missing/deeper")).isFalse();
    assertThat(driver.readAll("repo/file")).isEqualTo(text("x"));
  }

  // usableSpace

  @Test
  void reportsUsableSpace() throws Exception {
    assertThat(driver.usableSpace()).isPositive();
  }

  // invalid paths

  static Stream<String> invalidPaths() {
    return Stream.of(
        "/abs", "/", "..", "../up", "a/../b", "a/..", ".", "./a", "a/./b", "a//b", "a/", "//a");
  }

  @ParameterizedTest
  @MethodSource("invalidPaths")
  void rejectsAnInvalidPathInEveryMethod(String bad) throws Exception {
    driver.writeAtomically("repo/file", text("x"));

    for (ThrowingCallable call : callsWith(bad)) {
      assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(driver.readAll("repo/file")).isEqualTo(text("x"));
  }

  @Test
  void acceptsTheEmptyPathOnlyForList() throws Exception {
    driver.writeAtomically("repo/file", text("x"));

    List<ThrowingCallable> calls = callsWith("");
    for (ThrowingCallable call : calls.subList(1, calls.size())) {
      assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(driver.list("")).containsExactly("repo");
    assertThat(driver.readAll("repo/file")).isEqualTo(text("x"));
  }

  /** Every driver method called with {@code bad}; list first, as the only one that takes "". */
  private List<ThrowingCallable> callsWith(String bad) {
    List<ThrowingCallable> calls = new ArrayList<>();
    calls.add(() -> driver.list(bad));
    calls.add(() -> driver.read(bad, 0).close());
    calls.add(() -> driver.readAll(bad));
    calls.add(() -> driver.stat(bad));
    calls.add(() -> driver.writeAtomically(bad, text("y")));
    calls.add(() -> driver.writer(bad, false).close());
    calls.add(() -> driver.writer(bad, true).close());
    calls.add(() -> driver.move("repo/file", bad));
    calls.add(() -> driver.move(bad, "repo/other"));
    calls.add(() -> driver.link("repo/file", bad));
    calls.add(() -> driver.link(bad, "repo/other"));
    calls.add(() -> driver.delete(bad));
    calls.add(() -> driver.links(bad));
    calls.add(() -> driver.shared(bad, "repo/file"));
    calls.add(() -> driver.shared("repo/file", bad));
    return calls;
  }

  // helpers

  private Void writeRepeatedly(String path, int times, AtomicBoolean done) throws Exception {
    try {
      for (int i = 0; i < times; i++) {
        driver.writeAtomically(path, bytes(10 + i, i));
      }
    } finally {
      done.set(true);
    }
    return null;
  }

  protected byte[] readFrom(String path, long offset) throws StorageException, IOException {
    try (InputStream in = driver.read(path, offset)) {
      return in.readAllBytes();
    }
  }

  /** Deterministic, non-repeating-looking content of {@code size} bytes. */
  protected static byte[] bytes(int size, int seed) {
    byte[] content = new byte[size];
    int state = seed * 7919 + 17;
    for (int i = 0; i < size; i++) {
      state = state * 1103515245 + 12345;
      content[i] = (byte) (state >>> 16);
    }
    return content;
  }

  protected static byte[] filled(int size, byte value) {
    byte[] content = new byte[size];
    Arrays.fill(content, value);
    return content;
  }

  protected static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
