package io.zotj.service.clients;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * An OCI image layout built at test time from real host folders, one gzip'd tar layer per folder:
 * a multi-layer linux/amd64 image tagged {@link #IMAGE_TAG}, and an index tagged
 * {@link #INDEX_TAG} naming that image and a linux/arm64 image (same layers, its own config).
 * Built once per test JVM, in a temporary folder removed when the JVM exits.
 */
final class ImageLayout {

  static final String IMAGE_TAG = "multi";
  static final String INDEX_TAG = "multiarch";
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final String REF_NAME = "org.opencontainers.image.ref.name";
  private static ImageLayout shared;

  /** One image: its manifest's digest, its config's digest and its layers' digests. */
  record Image(String manifest, String config, List<String> layers) {
    List<String> blobs() {
      List<String> all = new ArrayList<>(layers);
      all.add(0, config);
      return all;
    }
  }

  private final Path dir;
  private final Image amd64;
  private final Image arm64;
  private final String index;
  private final List<String> diffIds = new ArrayList<>();

  private ImageLayout(Path dir, List<Path> folders) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir.resolve("blobs/sha256"));
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    List<ObjectNode> layers = new ArrayList<>();
    for (Path folder : folders) {
      layers.add(layer(folder));
    }
    ObjectNode amd64Manifest = manifest(config("amd64", folders), layers);
    ObjectNode arm64Manifest = manifest(config("arm64", folders), layers);
    this.amd64 = image(amd64Manifest, layers);
    this.arm64 = image(arm64Manifest, layers);
    ObjectNode indexNode = indexOf(List.of(
        platformed(descriptor(OCI_MANIFEST, amd64.manifest(), amd64Manifest), "amd64"),
        platformed(descriptor(OCI_MANIFEST, arm64.manifest(), arm64Manifest), "arm64")));
    this.index = writeBlob(JSON.writeValueAsBytes(indexNode));
    ObjectNode top = indexOf(List.of(
        tagged(descriptor(OCI_MANIFEST, amd64.manifest(), amd64Manifest), IMAGE_TAG),
        tagged(descriptor(OCI_INDEX, index, indexNode), INDEX_TAG)));
    Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(top));
  }

  /**
   * The layout for this JVM: layers from {@code /usr/share/zoneinfo} and folders of the running
   * JDK (licences, configuration, the HotSpot libraries), a few tens of MiB in all.
   */
  static synchronized ImageLayout shared() {
    if (shared == null) {
      Path javaHome = Path.of(System.getProperty("java.home")).toAbsolutePath();
      List<Path> folders = List.of(Path.of("/usr/share/zoneinfo"), javaHome.resolve("legal"),
          javaHome.resolve("conf"), javaHome.resolve("lib/server"));
      try {
        Path dir = Files.createTempDirectory("zot-client-layout-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Processes.deleteTree(dir)));
        shared = new ImageLayout(dir, folders);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  /** The layout folder, as {@code oci:DIR:TAG} names it. */
  Path dir() {
    return dir;
  }

  Image amd64() {
    return amd64;
  }

  Image arm64() {
    return arm64;
  }

  /** The digest of the two-platform image index. */
  String index() {
    return index;
  }

  /** The sha256 of each layer's uncompressed tar, in layer order. */
  List<String> diffIds() {
    return diffIds;
  }

  byte[] blob(String digest) throws IOException {
    return Files.readAllBytes(blobPath(digest));
  }

  Path blobPath(String digest) {
    return dir.resolve("blobs/sha256").resolve(hex(digest));
  }

  static String hex(String digest) {
    if (!digest.startsWith("sha256:")) {
      throw new IllegalArgumentException("not a sha256 digest: " + digest);
    }
    return digest.substring("sha256:".length());
  }

  static String sha256(byte[] bytes) {
    return "sha256:" + HexFormat.of().formatHex(sha256Digest().digest(bytes));
  }

  private ObjectNode layer(Path folder) throws IOException {
    Path tmp = Files.createTempFile(dir, "layer-", ".tmp");
    MessageDigest compressed = sha256Digest();
    MessageDigest uncompressed = sha256Digest();
    try (OutputStream file = Files.newOutputStream(tmp);
        DigestOutputStream gz = new DigestOutputStream(file, compressed);
        GZIPOutputStream gzip = new GZIPOutputStream(gz, 1 << 16);
        DigestOutputStream tar = new DigestOutputStream(gzip, uncompressed)) {
      UstarWriter writer = new UstarWriter(tar);
      writer.addTree(folder);
      writer.finish();
    }
    String digest = "sha256:" + HexFormat.of().formatHex(compressed.digest());
    diffIds.add("sha256:" + HexFormat.of().formatHex(uncompressed.digest()));
    Files.move(tmp, blobPath(digest));
    ObjectNode d = JsonNodeFactory.instance.objectNode();
    d.put("mediaType", OCI_LAYER);
    d.put("digest", digest);
    d.put("size", Files.size(blobPath(digest)));
    return d;
  }

  private ObjectNode config(String architecture, List<Path> folders) throws IOException {
    ObjectNode config = JsonNodeFactory.instance.objectNode();
    config.put("created", "1970-01-01T00:00:00Z");
    config.put("architecture", architecture);
    config.put("os", "linux");
    ObjectNode run = config.putObject("config");
    run.putArray("Env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    run.putArray("Cmd").add("/bin/sh");
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    diffIds.forEach(rootfs.putArray("diff_ids")::add);
    ArrayNode history = config.putArray("history");
    for (Path folder : folders) {
      history.addObject().put("created", "1970-01-01T00:00:00Z")
          .put("created_by", "ImageLayout " + folder);
    }
    byte[] bytes = JSON.writeValueAsBytes(config);
    return descriptor(OCI_CONFIG, writeBlob(bytes), config);
  }

  private ObjectNode manifest(ObjectNode config, List<ObjectNode> layers) {
    ObjectNode manifest = JsonNodeFactory.instance.objectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", OCI_MANIFEST);
    manifest.set("config", config);
    layers.forEach(manifest.putArray("layers")::add);
    return manifest;
  }

  private Image image(ObjectNode manifest, List<ObjectNode> layers) throws IOException {
    String digest = writeBlob(JSON.writeValueAsBytes(manifest));
    return new Image(digest, manifest.get("config").get("digest").asText(),
        layers.stream().map(l -> l.get("digest").asText()).toList());
  }

  private static ObjectNode indexOf(List<ObjectNode> manifests) {
    ObjectNode index = JsonNodeFactory.instance.objectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", OCI_INDEX);
    manifests.forEach(index.putArray("manifests")::add);
    return index;
  }

  private ObjectNode descriptor(String mediaType, String digest, ObjectNode content)
      throws IOException {
    ObjectNode d = JsonNodeFactory.instance.objectNode();
    d.put("mediaType", mediaType);
    d.put("digest", digest);
    d.put("size", JSON.writeValueAsBytes(content).length);
    return d;
  }

  private static ObjectNode platformed(ObjectNode descriptor, String architecture) {
    descriptor.putObject("platform").put("architecture", architecture).put("os", "linux");
    return descriptor;
  }

  private static ObjectNode tagged(ObjectNode descriptor, String tag) {
    descriptor.putObject("annotations").put(REF_NAME, tag);
    return descriptor;
  }

  private String writeBlob(byte[] bytes) throws IOException {
    String digest = sha256(bytes);
    Files.write(blobPath(digest), bytes);
    return digest;
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
