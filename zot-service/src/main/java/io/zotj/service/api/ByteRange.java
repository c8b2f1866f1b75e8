package io.zotj.service.api;

import io.zotj.service.oci.OciError;
import io.zotj.service.oci.RegistryException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a blob GET ({@code Range: bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}),
 * resolved against the blob's size. A header that is not a single well-formed range is ignored,
 * as RFC 9110 allows, and the whole blob is served.
 */
record ByteRange(long start, long end) {

  private static final Pattern SINGLE = Pattern.compile("^bytes=(\\d{0,18})-(\\d{0,18})$");

  /**
   * The range to serve, or null for the whole blob.
   *
   * @throws RegistryException 416 when the range lies past the end
   */
  static ByteRange resolve(String header, long size) {
    if (header == null) {
      return null;
    }
    Matcher m = SINGLE.matcher(header.trim());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return null;
    }
    long start;
    long end;
    if (m.group(1).isEmpty()) {
      long suffix = Long.parseLong(m.group(2));
      if (suffix == 0) {
        throw unsatisfiable(size);
      }
      start = Math.max(0, size - suffix);
      end = size - 1;
    } else {
      start = Long.parseLong(m.group(1));
      end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
      if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < start) {
        return null;
      }
    }
    if (start >= size) {
      throw unsatisfiable(size);
    }
    return new ByteRange(start, end);
  }

  long length() {
    return end - start + 1;
  }

  String contentRange(long size) {
    return "bytes " + start + "-" + end + "/" + size;
  }

  private static RegistryException unsatisfiable(long size) {
    return new RegistryException(OciError.RANGE_INVALID, null, Map.of("size", size))
        .withHeader(Headers.CONTENT_RANGE, "bytes */" + size);
  }
}
