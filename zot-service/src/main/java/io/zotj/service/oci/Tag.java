package io.zotj.service.oci;

import java.util.regex.Pattern;

/** A validated tag: {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}}. */
public record Tag(String value) implements Comparable<Tag> {

  private static final Pattern GRAMMAR = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

  public Tag {
    if (!isValid(value)) {
      throw RegistryException.of(
          OciError.MANIFEST_INVALID, "invalid tag", "tag", Digest.printable(value));
    }
  }

  public static boolean isValid(String value) {
    return value != null && GRAMMAR.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }

  @Override
  public int compareTo(Tag other) {
    return value.compareTo(other.value);
  }
}
