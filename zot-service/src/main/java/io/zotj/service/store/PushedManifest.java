package io.zotj.service.store;

import io.zotj.service.oci.Digest;
import java.util.Optional;

/** The outcome of a manifest push: its digest, and its subject when it has one. */
public record PushedManifest(Digest digest, Optional<Digest> subject) {}
