package io.zotj.service.config;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A driver's free-form settings with lower-case keys, read-only; printing it masks the values of
 * keys that name secrets (secret, password, token), so a logged configuration leaks nothing.
 */
final class MaskedSettings extends AbstractMap<String, Object> {

  private static final Pattern SECRET_KEY = Pattern.compile("secret|password|token|credential");

  private final Map<String, Object> values;

  MaskedSettings(Map<String, Object> source) {
    Map<String, Object> lower = new LinkedHashMap<>();
    if (source != null) {
      source.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    }
    this.values = Collections.unmodifiableMap(lower);
  }

  static boolean isSecretKey(String key) {
    return SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).find();
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return values.entrySet();
  }

  @Override
  public String toString() {
    return values.entrySet().stream()
        .map(e -> e.getKey() + "=" + (isSecretKey(e.getKey()) ? "******" : e.getValue()))
        .collect(Collectors.joining(", ", "{", "}"));
  }
}
