package io.zotj.service.oci;

import java.util.Map;

/**
 * A content descriptor: what a manifest or index says about a blob or manifest it references.
 *
 * @param artifactType null unless the descriptor carries one
 * @param annotations never null
 */
public record Descriptor(
    String mediaType, Digest digest, long size, String artifactType,
    Map<String, String> annotations) {

  public Descriptor {
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  public Descriptor(String mediaType, Digest digest, long size) {
    this(mediaType, digest, size, null, Map.of());
  }
}
