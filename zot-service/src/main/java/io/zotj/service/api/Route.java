package io.zotj.service.api;

import io.zotj.service.oci.Digest;
import io.zotj.service.oci.OciError;
import io.zotj.service.oci.Reference;
import io.zotj.service.oci.RegistryException;
import io.zotj.service.oci.RepositoryName;
import java.util.Arrays;
import java.util.Map;

/**
 * The endpoints of the Distribution API under {@code /v2/}, parsed from the raw (undecoded)
 * request path. Names and references are validated here, once: a percent sign, a dot segment or
 * anything off the grammar never reaches the store.
 */
sealed interface Route {

  /**
   * The request attribute under which {@link V2Resource} leaves the route it parsed, so that
   * {@link RequestEventsFilter} does not parse the path again.
   */
  String ATTRIBUTE = Route.class.getName();

  /** {@code /v2/} */
  record Base() implements Route {}

  /** {@code /v2/_catalog} */
  record Catalog() implements Route {}

  /** {@code /v2/<name>/tags/list} */
  record Tags(RepositoryName name) implements Route {}

  /** {@code /v2/<name>/manifests/<reference>} */
  record Manifest(RepositoryName name, Reference reference) implements Route {}

  /** {@code /v2/<name>/blobs/<digest>} */
  record Blob(RepositoryName name, Digest digest) implements Route {}

  /** {@code /v2/<name>/blobs/uploads/} */
  record Uploads(RepositoryName name) implements Route {}

  /** {@code /v2/<name>/blobs/uploads/<id>}; the id is checked by the upload store. */
  record Upload(RepositoryName name, String id) implements Route {}

  /** {@code /v2/<name>/referrers/<digest>} */
  record Referrers(RepositoryName name, Digest digest) implements Route {}

  /** The repository the route names; empty for the base endpoint and the catalog. */
  default java.util.Optional<RepositoryName> repository() {
    RepositoryName name = null;
    if (this instanceof Tags r) {
      name = r.name();
    } else if (this instanceof Manifest r) {
      name = r.name();
    } else if (this instanceof Blob r) {
      name = r.name();
    } else if (this instanceof Uploads r) {
      name = r.name();
    } else if (this instanceof Upload r) {
      name = r.name();
    } else if (this instanceof Referrers r) {
      name = r.name();
    }
    return java.util.Optional.ofNullable(name);
  }

  /**
   * Parses the part of a raw path after {@code /v2/}.
   *
   * @throws RegistryException NAME_INVALID, DIGEST_INVALID or MANIFEST_INVALID for bad parts,
   *     404 for a path that is no endpoint
   */
  static Route parse(String rest) {
    if (rest.isEmpty()) {
      return new Base();
    }
    if (rest.equals("_catalog")) {
      return new Catalog();
    }
    boolean trailingSlash = rest.endsWith("/");
    String[] s = (trailingSlash ? rest.substring(0, rest.length() - 1) : rest).split("/", -1);
    int n = s.length;
    if (n >= 3 && s[n - 2].equals("blobs") && s[n - 1].equals("uploads")) {
      return new Uploads(name(s, n - 2));
    }
    if (trailingSlash) {
      throw notFound();
    }
    if (n >= 3 && s[n - 2].equals("tags") && s[n - 1].equals("list")) {
      return new Tags(name(s, n - 2));
    }
    if (n >= 4 && s[n - 3].equals("blobs") && s[n - 2].equals("uploads")) {
      return new Upload(name(s, n - 3), s[n - 1]);
    }
    if (n >= 3) {
      String last = s[n - 1];
      switch (s[n - 2]) {
        case "manifests":
          return new Manifest(name(s, n - 2), reference(last));
        case "blobs":
          return new Blob(name(s, n - 2), Digest.parse(clean(last)));
        case "referrers":
          return new Referrers(name(s, n - 2), Digest.parse(clean(last)));
        default:
          break;
      }
    }
    Route blobWithSlashes = blobWithSlashes(s);
    if (blobWithSlashes != null) {
      return blobWithSlashes;
    }
    throw notFound();
  }

  /**
   * A blob or upload path whose last part holds slashes ({@code blobs/sha256:../../x}). No
   * segment of a name after its first may be {@code blobs}, so everything after such a segment
   * is the digest or upload id, which is then refused as such rather than as an unknown path.
   */
  private static Route blobWithSlashes(String[] s) {
    for (int i = 1; i < s.length - 1; i++) {
      if (s[i].equals("blobs")) {
        boolean upload = s[i + 1].equals("uploads") && i + 2 < s.length;
        String rest = String.join("/", Arrays.copyOfRange(s, upload ? i + 2 : i + 1, s.length));
        return upload ? new Upload(name(s, i), rest) : new Blob(name(s, i), Digest.parse(rest));
      }
    }
    return null;
  }

  private static RepositoryName name(String[] segments, int end) {
    String name = String.join("/", Arrays.copyOfRange(segments, 0, end));
    return RepositoryName.parse(name);
  }

  private static Reference reference(String raw) {
    return Reference.parse(clean(raw));
  }

  /**
   * Decodes the one escape a client may use in a reference, {@code %3A} for the digest's colon;
   * every other escape stays and makes the reference invalid.
   */
  private static String clean(String raw) {
    return raw.replace("%3A", ":").replace("%3a", ":");
  }

  private static RegistryException notFound() {
    return new RegistryException(OciError.NAME_UNKNOWN, 404, "no such endpoint",
        Map.of("reason", "the path is not an endpoint of the distribution API"));
  }
}
