package io.zotj.service.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zotj.service.oci.Descriptor;
import io.zotj.service.oci.Digest;
import io.zotj.service.oci.MediaTypes;
import io.zotj.service.oci.RegistryException;
import io.zotj.service.oci.Tag;
import java.io.IOException;
import java.util.ArrayList;
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

  /** One descriptor of the file; {@code tag} is null for an untagged manifest. */
  record Entry(Descriptor descriptor, String tag, ObjectNode raw) {}

  static final RepoIndex EMPTY = new RepoIndex(defaultRoot(), List.of());

  private final ObjectNode root;
  private final List<Entry> entries;
  private final Map<String, Entry> byTag = new HashMap<>();
  private final Map<Digest, Entry> byDigest = new HashMap<>();

  private RepoIndex(ObjectNode root, List<Entry> entries) {
    this.root = root;
    this.entries = List.copyOf(entries);
    for (Entry entry : this.entries) {
      if (entry.tag() != null) {
        byTag.put(entry.tag(), entry);
      }
      byDigest.putIfAbsent(entry.descriptor().digest(), entry);
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
    return new RepoIndex(root, entries);
  }

  byte[] toBytes() {
    ObjectNode out = root.deepCopy();
    ArrayNode list = out.putArray("manifests");
    entries.forEach(entry -> list.add(entry.raw()));
    try {
      return JSON.writeValueAsBytes(out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write an index", e);
    }
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
    return new ArrayList<>(new TreeSet<>(byTag.keySet()));
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
    List<Entry> next = new ArrayList<>(entries);
    if (current != null) {
      next.remove(current);
      keepByDigest(next, current);
    }
    next.removeIf(e -> e.tag() == null && e.descriptor().digest().equals(manifest.digest()));
    next.add(entry(manifest, tag.value()));
    return new RepoIndex(root, next);
  }

  /** Records a manifest pushed by digest; no change when the repository already has it. */
  RepoIndex withManifest(Descriptor manifest) {
    if (byDigest.containsKey(manifest.digest())) {
      return this;
    }
    List<Entry> next = new ArrayList<>(entries);
    next.add(entry(manifest, null));
    return new RepoIndex(root, next);
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
    return new RepoIndex(root, next);
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
    return new RepoIndex(root, next);
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
