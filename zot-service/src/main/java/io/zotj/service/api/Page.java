package io.zotj.service.api;

import io.zotj.service.oci.OciError;
import io.zotj.service.oci.RegistryException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One page of a sorted list ({@code ?n=&last=}): the items after {@code last}, at most {@code n}
 * of them, and the {@code Link} to the next page when more remain. A {@code last} that is not in
 * the list still pages from where it would sort.
 */
record Page(List<String> items, String nextLink) {

  static Page of(List<String> sorted, String nParam, String last, String path) {
    int from = 0;
    if (last != null && !last.isEmpty()) {
      int at = java.util.Collections.binarySearch(sorted, last);
      from = at >= 0 ? at + 1 : -at - 1;
    }
    Integer n = parseN(nParam);
    if (n == null) {
      return new Page(sorted.subList(from, sorted.size()), null);
    }
    int to = (int) Math.min((long) from + n, sorted.size());
    List<String> items = sorted.subList(Math.min(from, to), to);
    String next = null;
    if (to < sorted.size() && !items.isEmpty()) {
      next = "<" + path + "?n=" + n + "&last="
          + URLEncoder.encode(items.get(items.size() - 1), StandardCharsets.UTF_8)
          + ">; rel=\"next\"";
    }
    return new Page(items, next);
  }

  private static Integer parseN(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new RegistryException(OciError.PAGINATION_NUMBER_INVALID, null,
        Map.of("n", value.length() > 20 ? value.substring(0, 20) : value));
  }
}
