package io.zotj.service.config;

/** How problem paths are written: {@code a.b}, {@code a[0]}, {@code a["tmp/**"]}. */
final class ConfigPaths {

  private ConfigPaths() {}

  static String key(String parent, String name) {
    return parent.isEmpty() ? name : parent + "." + name;
  }

  static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }

  /** A map key, quoted, so that globs and paths in keys never read as nesting. */
  static String mapKey(String parent, String key) {
    return parent + "[\"" + key + "\"]";
  }
}
