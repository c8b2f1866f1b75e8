package io.zotj.cache.embedded;

import io.zotj.spi.cache.CacheDriver;
import io.zotj.spi.cache.CacheException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import net.openhft.chronicle.map.ChronicleMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded dedupe index: a Chronicle Map file {@value #FILE_NAME} in the storage root, digest
 * to newline-separated locations, canonical first. Every location is kept, however many: they are
 * stored in pages of up to {@value #PAGE} under the keys {@code <digest>}, {@code <digest>#1},
 * {@code <digest>#2}..., with the number of pages under {@code <digest>#pages}, so no entry
 * outgrows the map's chunks; and each location has a key {@code <digest>@<location>} naming its
 * page, so that recording, checking and forgetting one location cost the same for a digest held
 * by one repository or by ten thousand. A new location goes to the last page; forgetting one
 * rewrites only its page (pages may thin out; the order of what remains is kept).
 *
 * <p>zot keeps its own BoltDB index in {@code cache.db} in the same folder; this driver never
 * opens it. The map has a fixed capacity, so when it fills up it is copied into one twice as
 * large. A marker file tells an unclean stop apart: then the file is recovered, and a file that
 * cannot be opened at all is replaced by an empty one (the core rebuilds it from the blobs).
 */
public final class EmbeddedCacheDriver implements CacheDriver {

  static final String NAME = "embedded";
  static final String FILE_NAME = ".zotj-dedupe.cmap";
  static final String OPEN_MARKER = ".zotj-dedupe.open";
  static final long DEFAULT_ENTRIES = 200_000;
  /** Locations per map entry; a digest held by more repositories spreads over more entries. */
  static final int PAGE = 32;
  private static final char PAGE_MARK = '#';
  private static final char LOCATION_MARK = '@';
  private static final String PAGES = "#pages";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCacheDriver.class);
  private static final int STRIPES = 64;

  static {
    // Chronicle would otherwise report usage over the network: a registry never phones home.
    System.setProperty("chronicle.analytics.disable", "true");
    System.setProperty("chronicle.announcer.disable", "true");
  }

  private final Path file;
  private final Path marker;
  private final ReentrantReadWriteLock resize = new ReentrantReadWriteLock();
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  private volatile ChronicleMap<CharSequence, CharSequence> map;
  private long capacity;

  private EmbeddedCacheDriver(Path root, ChronicleMap<CharSequence, CharSequence> map,
      long capacity) {
    this.file = root.resolve(FILE_NAME);
    this.marker = root.resolve(OPEN_MARKER);
    this.map = map;
    this.capacity = capacity;
    Arrays.setAll(stripes, i -> new ReentrantLock());
  }

  /** Opens (or creates, or recovers) the index of {@code root}, sized for {@code entries}. */
  static EmbeddedCacheDriver open(Path root, long entries) {
    Path file = root.resolve(FILE_NAME);
    Path marker = root.resolve(OPEN_MARKER);
    try {
      Files.createDirectories(root);
      boolean unclean = Files.exists(marker) && Files.exists(file);
      ChronicleMap<CharSequence, CharSequence> map;
      try {
        map = unclean ? recover(file, entries) : create(file, entries);
      } catch (IOException | RuntimeException e) {
        LOG.warn("Dedupe index {} cannot be opened ({}); starting an empty one", file,
            e.toString());
        Files.deleteIfExists(file);
        map = create(file, entries);
      }
      Files.writeString(marker, "open\n");
      long capacity = Math.max(entries, map.size() * 2L);
      return new EmbeddedCacheDriver(root, map, capacity);
    } catch (IOException e) {
      throw new CacheException("cannot open the dedupe index " + file + ": " + e.getMessage(), e);
    }
  }

  private static ChronicleMap<CharSequence, CharSequence> create(Path file, long entries)
      throws IOException {
    return builder(entries).createPersistedTo(file.toFile());
  }

  private static ChronicleMap<CharSequence, CharSequence> recover(Path file, long entries)
      throws IOException {
    LOG.info("Dedupe index {} was not closed cleanly: recovering it", file);
    return builder(entries).recoverPersistedTo(file.toFile(), true);
  }

  /** Creates and drops an in-memory map of the index's shape; start-up work done early. */
  static void warmUp() {
    try (ChronicleMap<CharSequence, CharSequence> map = builder(16).create()) {
      map.put("sha256:warm-up", "warm/up");
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("Dedupe index warm-up failed; the index opens without it: {}", e.toString());
    }
  }

  private static net.openhft.chronicle.map.ChronicleMapBuilder<CharSequence, CharSequence>
      builder(long entries) {
    return ChronicleMap.of(CharSequence.class, CharSequence.class)
        .name("zotj-dedupe")
        .entries(entries)
        .averageKeySize(120) // digests (71) and digest@location keys (about 170)
        .averageValueSize(180);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void put(String digest, String location) {
    ReentrantLock lock = stripe(digest);
    lock.lock();
    try {
      if (get(locationKey(digest, location)) != null) {
        return;
      }
      int pages = pageCount(digest);
      int last = Math.max(0, pages - 1);
      List<String> page = page(digest, last);
      if (page.size() >= PAGE) {
        last++;
        page = new ArrayList<>();
      }
      page.add(location);
      // the page first: a crash in between leaves a location without its key, which a second
      // put repeats (reads drop the repeat), never a key without its location
      write(pageKey(digest, last), String.join("\n", page));
      if (last + 1 != pages) {
        write(digest + PAGES, Integer.toString(last + 1));
      }
      write(locationKey(digest, location), Integer.toString(last));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<String> canonical(String digest) {
    int pages = pageCount(digest);
    for (int page = 0; page < pages; page++) {
      List<String> names = page(digest, page);
      if (!names.isEmpty()) {
        return Optional.of(names.get(0));
      }
    }
    return Optional.empty();
  }

  @Override
  public List<String> locations(String digest) {
    Set<String> out = new LinkedHashSet<>();
    int pages = pageCount(digest);
    for (int page = 0; page < pages; page++) {
      out.addAll(page(digest, page));
    }
    return List.copyOf(out);
  }

  @Override
  public boolean has(String digest, String location) {
    return get(locationKey(digest, location)) != null;
  }

  @Override
  public boolean remove(String digest, String location) {
    ReentrantLock lock = stripe(digest);
    lock.lock();
    try {
      CharSequence at = get(locationKey(digest, location));
      if (at == null) {
        return false;
      }
      int index = Integer.parseInt(at.toString());
      List<String> page = page(digest, index);
      page.remove(location);
      write(pageKey(digest, index), String.join("\n", page));
      drop(locationKey(digest, location));
      int pages = pageCount(digest);
      int kept = pages;
      while (kept > 0 && page(digest, kept - 1).isEmpty()) {
        kept--;
        drop(pageKey(digest, kept));
      }
      if (kept <= 1) {
        drop(digest + PAGES);
      } else if (kept != pages) {
        write(digest + PAGES, Integer.toString(kept));
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Counts the digests (not their pages or location keys): a walk over the keys. */
  @Override
  public long size() {
    resize.readLock().lock();
    try {
      long digests = 0;
      for (CharSequence key : map.keySet()) {
        String k = key.toString();
        if (k.indexOf(PAGE_MARK) < 0 && k.indexOf(LOCATION_MARK) < 0) {
          digests++;
        }
      }
      return digests;
    } finally {
      resize.readLock().unlock();
    }
  }

  @Override
  public void close() throws IOException {
    resize.writeLock().lock();
    try {
      map.close();
      Files.deleteIfExists(marker);
    } finally {
      resize.writeLock().unlock();
    }
  }

  /**
   * A file deleted while the map is open stays readable through the mapping but is gone at the
   * next start, and whatever is added to it now is lost: start a new file instead.
   */
  @Override
  public boolean reopenIfLost() {
    if (Files.exists(file)) {
      return false;
    }
    resize.writeLock().lock();
    try {
      if (Files.exists(file)) {
        return false;
      }
      map.close();
      map = create(file, capacity);
      Files.writeString(marker, "open\n");
      LOG.debug("Dedupe index {} was deleted while open: started a new one", file);
      return true;
    } catch (IOException e) {
      throw new CacheException("cannot recreate the dedupe index " + file + ": "
          + e.getMessage(), e);
    } finally {
      resize.writeLock().unlock();
    }
  }

  /** The entries the current file was sized for. */
  long capacity() {
    resize.readLock().lock();
    try {
      return capacity;
    } finally {
      resize.readLock().unlock();
    }
  }

  /** How many pages the digest's locations take: 0 when it has none. */
  private int pageCount(String digest) {
    CharSequence pages = get(digest + PAGES);
    if (pages != null) {
      return Integer.parseInt(pages.toString());
    }
    return get(digest) == null ? 0 : 1;
  }

  /** The locations on one page of the digest, in the order they were recorded. */
  private List<String> page(String digest, int page) {
    CharSequence value = get(pageKey(digest, page));
    List<String> out = new ArrayList<>();
    if (value != null && value.length() > 0) {
      out.addAll(Arrays.asList(value.toString().split("\n")));
    }
    return out;
  }

  private static String pageKey(String digest, int page) {
    return page == 0 ? digest : digest + PAGE_MARK + page;
  }

  private static String locationKey(String digest, String location) {
    return digest + LOCATION_MARK + location;
  }

  private CharSequence get(String key) {
    resize.readLock().lock();
    try {
      return map.get(key);
    } finally {
      resize.readLock().unlock();
    }
  }

  private void drop(String key) {
    write(key, "");
  }

  private void write(String key, String value) {
    for (int attempt = 0; attempt < 2; attempt++) {
      resize.readLock().lock();
      long seenCapacity = capacity;
      try {
        if (value.isEmpty()) {
          map.remove(key);
        } else {
          map.put(key, value);
        }
        return;
      } catch (IllegalStateException | IllegalArgumentException full) {
        LOG.debug("Dedupe index {} refused an entry: {}", file, full.toString());
      } finally {
        resize.readLock().unlock();
      }
      grow(seenCapacity);
    }
    throw new CacheException("the dedupe index " + file + " cannot take the entry " + key);
  }

  /** Copies the map into one twice as large, unless another thread already did. */
  private void grow(long seenCapacity) {
    resize.writeLock().lock();
    try {
      if (capacity != seenCapacity) {
        return;
      }
      long next = Math.max(capacity * 2, map.size() * 2L);
      Path fresh = file.resolveSibling(FILE_NAME + ".grow");
      Files.deleteIfExists(fresh);
      ChronicleMap<CharSequence, CharSequence> bigger = create(fresh, next);
      map.forEach(bigger::put);
      bigger.close();
      map.close();
      Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      map = create(file, next);
      capacity = next;
      LOG.info("Dedupe index {} grown to {} entries", file, next);
    } catch (IOException e) {
      throw new CacheException("cannot grow the dedupe index " + file + ": " + e.getMessage(), e);
    } finally {
      resize.writeLock().unlock();
    }
  }

  private ReentrantLock stripe(String digest) {
    return stripes[Math.floorMod(digest.hashCode(), STRIPES)];
  }
}
