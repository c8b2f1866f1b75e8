package io.zotj.service.store;

import io.zotj.service.oci.Digest;

/** A manifest as stored: its exact bytes, the media type it was pushed with, and its digest. */
public record StoredManifest(byte[] bytes, String mediaType, Digest digest) {}
