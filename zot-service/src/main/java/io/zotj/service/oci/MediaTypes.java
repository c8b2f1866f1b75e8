package io.zotj.service.oci;

import java.util.Set;

/** The media types the registry knows by name. */
public final class MediaTypes {

  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  public static final String OCTET_STREAM = "application/octet-stream";

  /** Manifest kinds the registry stores. */
  public static final Set<String> MANIFESTS =
      Set.of(OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST);

  /**
   * Layers that are never pushed to a registry (Windows base layers): a manifest may name them
   * without the registry holding them.
   */
  private static final Set<String> FOREIGN_LAYERS = Set.of(
      "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
      "application/vnd.oci.image.layer.nondistributable.v1.tar",
      "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
      "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd");

  private MediaTypes() {}

  public static boolean isIndex(String mediaType) {
    return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
  }

  public static boolean isForeignLayer(String mediaType) {
    return FOREIGN_LAYERS.contains(mediaType);
  }

  /** The media type of a Content-Type header value, without parameters; null when absent. */
  public static String withoutParameters(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon >= 0 ? contentType.substring(0, semicolon) : contentType).trim();
    return type.isEmpty() ? null : type.toLowerCase(java.util.Locale.ROOT);
  }
}
