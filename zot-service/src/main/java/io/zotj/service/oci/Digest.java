package io.zotj.service.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A validated content digest, {@code algorithm:hex}; sha256 and sha512 are accepted.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/main/descriptor.md#digests">
 *     image-spec digests</a>
 */
public record Digest(Algorithm algorithm, String hex) implements Comparable<Digest> {

  /** The digest algorithms the registry verifies. */
  public enum Algorithm {
    SHA256("sha256", "SHA-256", 64),
    SHA512("sha512", "SHA-512", 128);

    private final String id;
    private final String jcaName;
    private final int hexLength;

    Algorithm(String id, String jcaName, int hexLength) {
      this.id = id;
      this.jcaName = jcaName;
      this.hexLength = hexLength;
    }

    public String id() {
      return id;
    }

    public MessageDigest newMessageDigest() {
      try {
        return MessageDigest.getInstance(jcaName);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JVM lacks " + jcaName, e);
      }
    }

    static Algorithm byId(String id) {
      for (Algorithm a : values()) {
        if (a.id.equals(id)) {
          return a;
        }
      }
      return null;
    }
  }

  private static final Pattern HEX = Pattern.compile("[a-f0-9]+");

  public Digest {
    if (algorithm == null || hex == null || hex.length() != algorithm.hexLength
        || !HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException("invalid digest");
    }
  }

  /**
   * Parses {@code sha256:<64 hex>} or {@code sha512:<128 hex>}.
   *
   * @throws RegistryException DIGEST_INVALID for anything else
   */
  public static Digest parse(String value) {
    if (value != null) {
      int colon = value.indexOf(':');
      if (colon > 0) {
        Algorithm algorithm = Algorithm.byId(value.substring(0, colon));
        String hex = value.substring(colon + 1);
        if (algorithm != null && hex.length() == algorithm.hexLength
            && HEX.matcher(hex).matches()) {
          return new Digest(algorithm, hex);
        }
      }
    }
    throw RegistryException.of(
        OciError.DIGEST_INVALID, "invalid digest", "digest", printable(value));
  }

  /** True when {@code value} looks like a digest (has an algorithm prefix), valid or not. */
  public static boolean looksLikeDigest(String value) {
    return value.indexOf(':') >= 0;
  }

  public static Digest of(Algorithm algorithm, byte[] content) {
    return new Digest(algorithm, HexFormat.of().formatHex(algorithm.newMessageDigest()
        .digest(content)));
  }

  public static Digest sha256(byte[] content) {
    return of(Algorithm.SHA256, content);
  }

  public static Digest fromMessageDigest(Algorithm algorithm, MessageDigest md) {
    return new Digest(algorithm, HexFormat.of().formatHex(md.digest()));
  }

  @Override
  public String toString() {
    return algorithm.id + ":" + hex;
  }

  @Override
  public int compareTo(Digest other) {
    return toString().compareTo(other.toString());
  }

  /** An identifier from a request, cut and stripped of control characters for error details. */
  public static String printableId(String value) {
    return printable(value);
  }

  static String printable(String value) {
    if (value == null) {
      return "";
    }
    String cut = value.length() > 200 ? value.substring(0, 200) + "..." : value;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
