package io.zotj.service.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zotj.service.oci.Descriptor;
import io.zotj.service.oci.Digest;
import io.zotj.service.oci.MediaTypes;
import io.zotj.service.oci.RegistryException;
import io.zotj.service.oci.Tag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * One repository's {@code index.json}, immutable: every manifest the repository holds, each tag
 * as a descriptor annotated with {@code org.opencontainers.image.ref.name} (zot's layout), and
 * manifests pushed by digest (or left by a moved tag) as descriptors without it.
 *
 * <p>Changes return a new instance; fields of the file that the registry does not use (platform,
 * other annotations) are kept as they were.
 */
final class RepoIndex {

  static final String REF_NAME = "org.opencontainers.image.ref.name";

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RepoIndex.class);

  /**
   * One descriptor of the file; {@code tag} is null for an untagged manifest. It keeps its JSON
   * as written to the file, so that writing the index is a copy of bytes, not a serialization of
   * every descriptor at every push. Compared by identity.
   */
  static final class Entry {
    private final Descriptor descriptor;
    private final String tag;
    private final ObjectNode raw;
    private final byte[] json;

    Entry(Descriptor descriptor, String tag, ObjectNode raw) {
      this.descriptor = descriptor;
      this.tag = tag;
      this.raw = raw;
      this.json = serialize(raw);
    }

    Descriptor descriptor() {
      return descriptor;
    }

    String tag() {
      return tag;
    }

    ObjectNode raw() {
      return raw;
    }
  }

  private static final byte[] MANIFESTS = "\"manifests\":[".getBytes(StandardCharsets.UTF_8);

  static final RepoIndex EMPTY = new RepoIndex(opening(defaultRoot()), List.of());

  /**
   * The bytes that open the file: its fields other than {@code manifests} (kept as they were
   * read), then the opening of the {@code manifests} array, which comes last.
   */
  private final byte[] opening;
  private final List<Entry> entries;
  private final Lookup<String, Entry> byTag;
  private final Lookup<Digest, Entry> byDigest;

  private RepoIndex(byte[] opening, List<Entry> entries) {
    this.opening = opening;
    this.entries = Collections.unmodifiableList(entries);
    Map<String, Entry> tags = new HashMap<>();
    Map<Digest, Entry> digests = new HashMap<>();
    for (Entry entry : entries) {
      if (entry.tag() != null) {
        tags.put(entry.tag(), entry);
      }
      digests.putIfAbsent(entry.descriptor().digest(), entry);
    }
    this.byTag = Lookup.of(tags);
    this.byDigest = Lookup.of(digests);
  }

  /** An index of {@code entries} whose lookups are already built. */
  private RepoIndex(byte[] opening, List<Entry> entries, Lookup<String, Entry> byTag,
      Lookup<Digest, Entry> byDigest) {
    this.opening = opening;
    this.entries = Collections.unmodifiableList(entries);
    this.byTag = byTag;
    this.byDigest = byDigest;
  }

  /**
   * A map that never changes: a plain map, or another lookup with one more key on top. A push
   * that adds a tag stacks one key instead of copying maps of every tag; each {@link #MAX_DEPTH}
   * keys the stack is copied into a plain map again, so a lookup compares a few keys at most and
   * a push copies the maps once in that many.
   */
  private static final class Lookup<K, V> {
    private static final int MAX_DEPTH = 32;

    private final Map<K, V> base;
    private final Lookup<K, V> below;
    private final K key;
    private final V value;
    private final int depth;

    private Lookup(Map<K, V> base, Lookup<K, V> below, K key, V value, int depth) {
      this.base = base;
      this.below = below;
      this.key = key;
      this.value = value;
      this.depth = depth;
    }

    /** A lookup of {@code map}, which nobody changes afterwards. */
    static <K, V> Lookup<K, V> of(Map<K, V> map) {
      return new Lookup<>(map, null, null, null, 0);
    }

    V get(K wanted) {
      Lookup<K, V> at = this;
      for (; at.below != null; at = at.below) {
        if (at.key.equals(wanted)) {
          return at.value;
        }
      }
      return at.base.get(wanted);
    }

    boolean containsKey(K wanted) {
      return get(wanted) != null;
    }

    /** This lookup with {@code key} (re)mapped to {@code value}. */
    Lookup<K, V> with(K newKey, V newValue) {
      if (depth < MAX_DEPTH) {
        return new Lookup<>(null, this, newKey, newValue, depth + 1);
      }
      List<Lookup<K, V>> stacked = new ArrayList<>(depth);
      Lookup<K, V> at = this;
      for (; at.below != null; at = at.below) {
        stacked.add(at);
      }
      Map<K, V> flat = new HashMap<>(at.base);
      for (int i = stacked.size() - 1; i >= 0; i--) {
        flat.put(stacked.get(i).key, stacked.get(i).value);
      }
      flat.put(newKey, newValue);
      return of(flat);
    }
  }

  /** Reads a stored index; descriptors it cannot understand are skipped with a warning. */
  static RepoIndex parse(String where, byte[] bytes) throws IOException {
    JsonNode node = JSON.readTree(bytes);
    if (node == null || !node.isObject()) {
      throw new IOException(where + " is not a JSON object");
    }
    ObjectNode root = (ObjectNode) node;
    List<Entry> entries = new ArrayList<>();
    JsonNode manifests = root.get("manifests");
    if (manifests != null && manifests.isArray()) {
      for (JsonNode raw : manifests) {
        try {
          Descriptor descriptor = io.zotj.service.oci.ManifestParser.descriptor(raw, "manifest");
          entries.add(new Entry(descriptor, descriptor.annotations().get(REF_NAME),
              (ObjectNode) raw));
        } catch (RegistryException e) {
          LOG.warn("Skipping an unreadable descriptor in {}: {}", where, e.detail());
        }
      }
    }
    return new RepoIndex(opening(root), entries);
  }

  /** {"a":1} opens as {"a":1,"manifests":[ and {} as {"manifests":[ . */
  private static byte[] opening(ObjectNode root) {
    ObjectNode fields = root.deepCopy();
    fields.remove("manifests");
    byte[] object = serialize(fields);
    int keep = object.length - 1;
    boolean comma = !fields.isEmpty();
    byte[] opening = new byte[keep + (comma ? 1 : 0) + MANIFESTS.length];
    System.arraycopy(object, 0, opening, 0, keep);
    if (comma) {
      opening[keep] = ',';
    }
    System.arraycopy(MANIFESTS, 0, opening, opening.length - MANIFESTS.length, MANIFESTS.length);
    return opening;
  }

  /** The file's bytes: its other fields, then {@code manifests} in the order of the entries. */
  byte[] toBytes() {
    int size = opening.length + 2 + Math.max(0, entries.size() - 1);
    for (Entry entry : entries) {
      size += entry.json.length;
    }
    byte[] out = new byte[size];
    System.arraycopy(opening, 0, out, 0, opening.length);
    int at = opening.length;
    for (int i = 0; i < entries.size(); i++) {
      if (i > 0) {
        out[at++] = ',';
      }
      byte[] json = entries.get(i).json;
      System.arraycopy(json, 0, out, at, json.length);
      at += json.length;
    }
    out[at++] = ']';
    out[at] = '}';
    return out;
  }

  List<Entry> entries() {
    return entries;
  }

  Optional<Entry> byTag(String tag) {
    return Optional.ofNullable(byTag.get(tag));
  }

  Optional<Entry> byDigest(Digest digest) {
    return Optional.ofNullable(byDigest.get(digest));
  }

  /** Tags in lexical order. */
  List<String> tags() {
    TreeSet<String> tags = new TreeSet<>();
    for (Entry entry : entries) {
      if (entry.tag() != null) {
        tags.add(entry.tag());
      }
    }
    return new ArrayList<>(tags);
  }

  /** Tags that point at {@code digest}. */
  List<String> tagsOf(Digest digest) {
    return entries.stream().filter(e -> e.tag() != null && e.descriptor().digest().equals(digest))
        .map(Entry::tag).sorted().toList();
  }

  /** Points {@code tag} at the manifest; the manifest it pointed at before stays by digest. */
  RepoIndex withTag(Descriptor manifest, Tag tag) {
    Entry current = byTag.get(tag.value());
    if (current != null && current.descriptor().digest().equals(manifest.digest())) {
      return this;
    }
    Entry added = entry(manifest, tag.value());
    List<Entry> next = new ArrayList<>(entries);
    if (current != null || byDigest.containsKey(manifest.digest())) {
      // A moved tag or a manifest listed before: the rare case, the maps are built anew.
      if (current != null) {
        next.remove(current);
        keepByDigest(next, current);
      }
      next.removeIf(e -> e.tag() == null && e.descriptor().digest().equals(manifest.digest()));
      next.add(added);
      return new RepoIndex(opening, next);
    }
    // A new tag of a new manifest, as most pushes are: both lookups only gain the entry.
    next.add(added);
    return new RepoIndex(opening, next, byTag.with(tag.value(), added),
        byDigest.with(manifest.digest(), added));
  }

  /** Records a manifest pushed by digest; no change when the repository already has it. */
  RepoIndex withManifest(Descriptor manifest) {
    if (byDigest.containsKey(manifest.digest())) {
      return this;
    }
    Entry added = entry(manifest, null);
    List<Entry> next = new ArrayList<>(entries);
    next.add(added);
    return new RepoIndex(opening, next, byTag, byDigest.with(manifest.digest(), added));
  }

  /** Removes one tag; the manifest stays by digest. */
  RepoIndex withoutTag(String tag) {
    Entry current = byTag.get(tag);
    if (current == null) {
      return this;
    }
    List<Entry> next = new ArrayList<>(entries);
    next.remove(current);
    keepByDigest(next, current);
    return new RepoIndex(opening, next);
  }

  /** Removes a manifest and every tag that points at it. */
  RepoIndex withoutManifest(Digest digest) {
    return without(e -> e.descriptor().digest().equals(digest));
  }

  /** Removes every manifest in {@code digests} with every tag that points at it. */
  RepoIndex withoutManifests(java.util.Set<Digest> digests) {
    return without(e -> digests.contains(e.descriptor().digest()));
  }

  private RepoIndex without(Predicate<Entry> drop) {
    List<Entry> next = new ArrayList<>(entries);
    next.removeIf(drop);
    return new RepoIndex(opening, next);
  }

  private static byte[] serialize(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON of an index", e);
    }
  }

  private static void keepByDigest(List<Entry> entries, Entry removed) {
    Digest digest = removed.descriptor().digest();
    boolean stillListed = entries.stream().anyMatch(e -> e.descriptor().digest().equals(digest));
    if (!stillListed) {
      ObjectNode raw = removed.raw().deepCopy();
      JsonNode annotations = raw.get("annotations");
      if (annotations instanceof ObjectNode object) {
        object.remove(REF_NAME);
        if (object.isEmpty()) {
          raw.remove("annotations");
        }
      }
      Descriptor d = removed.descriptor();
      entries.add(new Entry(new Descriptor(d.mediaType(), digest, d.size()), null, raw));
    }
  }

  private static Entry entry(Descriptor manifest, String tag) {
    ObjectNode raw = JsonNodeFactory.instance.objectNode();
    raw.put("mediaType", manifest.mediaType());
    raw.put("digest", manifest.digest().toString());
    raw.put("size", manifest.size());
    if (tag != null) {
      raw.putObject("annotations").put(REF_NAME, tag);
    }
    return new Entry(new Descriptor(manifest.mediaType(), manifest.digest(), manifest.size(),
        null, tag == null ? Map.of() : Map.of(REF_NAME, tag)), tag, raw);
  }

  private static ObjectNode defaultRoot() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", MediaTypes.OCI_INDEX);
    return root;
  }
}
