package io.zotj.service.oci;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A validated repository name: the spec's grammar, at most 255 characters; it is also a safe
 * relative storage path.
 *
 * <p>One more rule than the spec: no path segment after the first may be {@code blobs},
 * {@code index.json} or {@code oci-layout}, since a repository's folder holds its own files of
 * those names and a nested repository of that name would collide with them.
 */
public record RepositoryName(String value) implements Comparable<RepositoryName> {

  public static final int MAX_LENGTH = 255;

  /** Names of a repository's own entries, which no nested repository may take. */
  private static final List<String> RESERVED_SEGMENTS =
      List.of("blobs", "index.json", "oci-layout");

  private static final Pattern GRAMMAR = Pattern.compile(
      "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");

  public RepositoryName {
    if (!isValid(value)) {
      throw invalid(value);
    }
  }

  /** Parses a name from a request, answering NAME_INVALID for anything off the grammar. */
  public static RepositoryName parse(String value) {
    return new RepositoryName(value);
  }

  public static boolean isValid(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH
        || !GRAMMAR.matcher(value).matches()) {
      return false;
    }
    for (String reserved : RESERVED_SEGMENTS) {
      if (value.contains("/" + reserved + "/") || value.endsWith("/" + reserved)) {
        return false;
      }
    }
    return true;
  }

  private static RegistryException invalid(String value) {
    return RegistryException.of(OciError.NAME_INVALID, "invalid repository name", "name",
        Digest.printable(value));
  }

  @Override
  public String toString() {
    return value;
  }

  @Override
  public int compareTo(RepositoryName other) {
    return value.compareTo(other.value);
  }
}
