package io.zotj.spi.extension;

import java.util.List;
import java.util.Map;

/**
 * Creates one optional feature of the registry (metrics, sync, search, ...); found through
 * {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.zotj.spi.extension.ExtensionFactory}).
 *
 * <p>The configuration selects a factory by {@link #name()}: the key of its section under
 * {@code extensions} ({@code extensions.metrics} for the factory named {@code metrics}). The core
 * creates the extension only when its section is present and enabled; a section that names an
 * extension without a factory fails start-up with the name of the jar to add.
 */
public interface ExtensionFactory {

  /** The key of this extension's section under {@code extensions}, lower case. */
  String name();

  /**
   * Validates the extension's own section before anything starts.
   *
   * @param section the section as the core parsed it (keys as zot spells them, defaults filled
   *     in), the same values {@link ExtensionContext#settings()} later returns
   * @return one line per problem, each starting with the key relative to the section and a
   *     colon ({@code "prometheus.path: must start with /"}); empty when the section is usable
   */
  default List<String> validate(Map<String, Object> section) {
    return List.of();
  }

  /**
   * Creates the extension: it registers its routes, listeners and health checks on
   * {@code context} here, and starts background work in {@link Extension#start()}.
   *
   * @throws Exception when the extension cannot be built; start-up fails with its message
   */
  Extension create(ExtensionContext context) throws Exception;
}
