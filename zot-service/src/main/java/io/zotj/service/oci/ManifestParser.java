package io.zotj.service.oci;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates manifest bytes against the image-spec (and Docker schema 2) and extracts what the
 * registry needs: referenced blobs and manifests, subject, artifact type.
 */
public final class ManifestParser {

  /** The largest manifest the registry accepts, as zot and Distribution: 4 MiB. */
  public static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  private ManifestParser() {}

  /**
   * Parses manifest bytes pushed with the given Content-Type.
   *
   * @throws RegistryException MANIFEST_INVALID for malformed JSON, schema violations, or a
   *     Content-Type that disagrees with the body; 415 MANIFEST_INVALID for a media type the
   *     registry does not store
   */
  public static Manifest parse(byte[] bytes, String contentType) {
    JsonNode root = readTree(bytes);
    if (!root.isObject()) {
      throw invalid("manifest is not a JSON object");
    }
    String declared = optionalText(root, "mediaType");
    String header = MediaTypes.withoutParameters(contentType);
    if (header != null && (header.equals(MediaTypes.OCTET_STREAM) || header.equals("*/*"))) {
      header = null;
    }
    if (declared != null && header != null && !declared.equals(header)) {
      throw invalid("the manifest's mediaType " + declared
          + " does not match the Content-Type " + header);
    }
    String mediaType = declared != null ? declared : header != null ? header : inferred(root);
    if (!MediaTypes.MANIFESTS.contains(mediaType)) {
      throw new RegistryException(OciError.MANIFEST_INVALID, 415,
          "unsupported manifest media type", Map.of("mediaType", Digest.printable(mediaType)));
    }
    JsonNode schemaVersion = root.get("schemaVersion");
    if (schemaVersion == null || !schemaVersion.isInt() || schemaVersion.intValue() != 2) {
      throw invalid("schemaVersion must be 2");
    }
    return MediaTypes.isIndex(mediaType) ? index(root, mediaType) : image(root, mediaType);
  }

  private static Manifest image(JsonNode root, String mediaType) {
    JsonNode configNode = root.get("config");
    if (configNode == null) {
      throw invalid("an image manifest needs a config descriptor");
    }
    Descriptor config = descriptor(configNode, "config");
    List<Descriptor> blobs = new ArrayList<>();
    blobs.add(config);
    JsonNode layers = root.get("layers");
    if (layers == null || !layers.isArray()) {
      throw invalid("an image manifest needs a layers array");
    }
    for (int i = 0; i < layers.size(); i++) {
      blobs.add(descriptor(layers.get(i), "layers[" + i + "]"));
    }
    String artifactType = optionalText(root, "artifactType");
    return new Manifest(mediaType, blobs, List.of(), subject(root),
        artifactType != null ? artifactType : config.mediaType(), annotations(root, ""));
  }

  private static Manifest index(JsonNode root, String mediaType) {
    JsonNode list = root.get("manifests");
    if (list == null || !list.isArray()) {
      throw invalid("an index needs a manifests array");
    }
    List<Descriptor> manifests = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      manifests.add(descriptor(list.get(i), "manifests[" + i + "]"));
    }
    return new Manifest(mediaType, List.of(), manifests, subject(root),
        optionalText(root, "artifactType"), annotations(root, ""));
  }

  private static Optional<Descriptor> subject(JsonNode root) {
    JsonNode node = root.get("subject");
    return node == null || node.isNull()
        ? Optional.empty() : Optional.of(descriptor(node, "subject"));
  }

  /** Reads one descriptor object, validating its digest, size and media type. */
  public static Descriptor descriptor(JsonNode node, String where) {
    if (node == null || !node.isObject()) {
      throw invalid(where + " is not a descriptor object");
    }
    String mediaType = optionalText(node, "mediaType");
    if (mediaType == null || mediaType.isBlank()) {
      throw invalid(where + ".mediaType is missing");
    }
    JsonNode digestNode = node.get("digest");
    if (digestNode == null || !digestNode.isTextual()) {
      throw invalid(where + ".digest is missing");
    }
    Digest digest;
    try {
      digest = Digest.parse(digestNode.textValue());
    } catch (RegistryException e) {
      throw invalid(where + ".digest is not a valid digest");
    }
    JsonNode size = node.get("size");
    if (size == null || !size.canConvertToLong() || !size.isIntegralNumber()
        || size.longValue() < 0) {
      throw invalid(where + ".size must be a non-negative integer");
    }
    return new Descriptor(mediaType, digest, size.longValue(),
        optionalText(node, "artifactType"), annotations(node, where + "."));
  }

  private static Map<String, String> annotations(JsonNode node, String where) {
    JsonNode annotations = node.get("annotations");
    if (annotations == null || annotations.isNull()) {
      return Map.of();
    }
    if (!annotations.isObject()) {
      throw invalid(where + "annotations must be an object of strings");
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : annotations.properties()) {
      if (!e.getValue().isTextual()) {
        throw invalid(where + "annotations." + e.getKey() + " must be a string");
      }
      result.put(e.getKey(), e.getValue().textValue());
    }
    return result;
  }

  private static String inferred(JsonNode root) {
    if (root.has("manifests")) {
      return MediaTypes.OCI_INDEX;
    }
    if (root.has("config") || root.has("layers")) {
      return MediaTypes.OCI_MANIFEST;
    }
    return null;
  }

  private static String optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw invalid(field + " must be a string");
    }
    return value.textValue();
  }

  static JsonNode readTree(byte[] bytes) {
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw invalid("manifest is empty");
      }
      return node;
    } catch (IOException e) {
      throw invalid("manifest is not valid JSON");
    }
  }

  private static RegistryException invalid(String reason) {
    return new RegistryException(OciError.MANIFEST_INVALID, "manifest invalid",
        Map.of("reason", reason));
  }
}
