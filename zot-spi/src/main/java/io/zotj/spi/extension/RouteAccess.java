package io.zotj.spi.extension;

/**
 * Who may call a route an extension adds. The core enforces it before the handler runs: with
 * access control off, everyone may; with it on, the core decides from the authenticated user.
 */
public enum RouteAccess {

  /** Anyone, authenticated or not. */
  ANYONE,

  /** Users allowed to read metrics: zot's {@code http.accessControl.metrics.users}. */
  METRICS_READ,

  /** Any authenticated user. */
  AUTHENTICATED
}
