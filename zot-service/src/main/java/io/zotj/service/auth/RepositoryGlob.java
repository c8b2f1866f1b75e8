package io.zotj.service.auth;

import java.util.regex.Pattern;

/**
 * A repository key of {@code accessControl}, compiled once: {@code *} matches within one path
 * segment, {@code **} across segments, every other character only itself.
 */
record RepositoryGlob(String key, Pattern pattern) {

  static RepositoryGlob compile(String key) {
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < key.length()) {
      char c = key.charAt(i);
      if (c == '*' && i + 1 < key.length() && key.charAt(i + 1) == '*') {
        regex.append(".*");
        i += 2;
      } else if (c == '*') {
        regex.append("[^/]*");
        i++;
      } else if (c == '?') {
        regex.append("[^/]");
        i++;
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
        i++;
      }
    }
    return new RepositoryGlob(key, Pattern.compile(regex.toString()));
  }

  boolean matches(String repository) {
    return pattern.matcher(repository).matches();
  }

  /** The longer key is the more specific one: it alone decides. */
  int weight() {
    return key.length();
  }
}
