package io.zotj.service.oci;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed and validated manifest or index, as pushed: the stored bytes are kept verbatim
 * elsewhere; this is what the registry needs to know of them.
 *
 * @param mediaType one of {@link MediaTypes#MANIFESTS}
 * @param blobs the config and layers of an image manifest (empty for an index)
 * @param manifests the manifests an index lists (empty for an image manifest)
 * @param subject the manifest this one refers to (referrers API), if any
 * @param artifactType the artifact type the referrers API reports: the manifest's own
 *     {@code artifactType}, else its config's media type; null for none
 * @param annotations the manifest's annotations, never null
 */
public record Manifest(
    String mediaType,
    List<Descriptor> blobs,
    List<Descriptor> manifests,
    Optional<Descriptor> subject,
    String artifactType,
    Map<String, String> annotations) {

  public Manifest {
    blobs = List.copyOf(blobs);
    manifests = List.copyOf(manifests);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  public boolean isIndex() {
    return MediaTypes.isIndex(mediaType);
  }
}
