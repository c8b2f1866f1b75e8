package io.zotj.service.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the known key closest to a mistyped one, for "did you mean" hints. */
final class KeySuggester {

  private KeySuggester() {}

  /** The closest of {@code known} to {@code typed}, ignoring case, if near enough to be a typo. */
  static Optional<String> closest(String typed, Collection<String> known) {
    String lower = typed.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    int allowed = Math.max(2, lower.length() / 3);
    return bestDistance <= allowed ? Optional.ofNullable(best) : Optional.empty();
  }

  /** The hint to append to a reason: "; did you mean 'x'?" or nothing. */
  static String hint(String typed, Collection<String> known) {
    return closest(typed, known).map(k -> "; did you mean '" + k + "'?").orElse("");
  }

  /** Levenshtein edit distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1),
            previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
