package io.zotj.service.oci;

/** The {@code <reference>} of a manifest URL: a tag or a digest. */
public sealed interface Reference permits Reference.ByTag, Reference.ByDigest {

  /** A manifest named by tag. */
  record ByTag(Tag tag) implements Reference {
    @Override
    public String toString() {
      return tag.value();
    }
  }

  /** A manifest named by digest. */
  record ByDigest(Digest digest) implements Reference {
    @Override
    public String toString() {
      return digest.toString();
    }
  }

  /**
   * Parses a reference: a digest when it has an algorithm prefix, a tag otherwise.
   *
   * @throws RegistryException DIGEST_INVALID or MANIFEST_INVALID (bad tag) for bad input
   */
  static Reference parse(String value) {
    if (Digest.looksLikeDigest(value)) {
      return new ByDigest(Digest.parse(value));
    }
    return new ByTag(new Tag(value));
  }
}
