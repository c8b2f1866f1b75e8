package io.zotj.service.store;

import io.zotj.service.oci.OciError;
import io.zotj.service.oci.RegistryException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Content-Range} of a chunk, {@code <start>-<end>} inclusive; clients also send
 * {@code bytes <start>-<end>/<total>}, which is accepted.
 */
public record ContentRange(long start, long end) {

  private static final Pattern FORMAT =
      Pattern.compile("^(?:bytes[ =])?(\\d{1,18})-(\\d{1,18})(?:/(?:\\d{1,18}|\\*))?$");

  /** Parses the header; null when it is absent. */
  public static ContentRange parse(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    Matcher m = FORMAT.matcher(header.trim());
    if (!m.matches()) {
      throw new RegistryException(OciError.RANGE_INVALID, "invalid Content-Range",
          Map.of("Content-Range", header.length() > 80 ? header.substring(0, 80) : header));
    }
    long start = Long.parseLong(m.group(1));
    long end = Long.parseLong(m.group(2));
    if (end < start) {
      throw new RegistryException(OciError.RANGE_INVALID, "invalid Content-Range",
          Map.of("Content-Range", header));
    }
    return new ContentRange(start, end);
  }

  public long length() {
    return end - start + 1;
  }
}
