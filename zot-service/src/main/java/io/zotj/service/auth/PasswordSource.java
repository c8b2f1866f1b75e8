package io.zotj.service.auth;

import java.util.Optional;

/** Somewhere user names and passwords are checked: an htpasswd file or an LDAP directory. */
interface PasswordSource {

  /** A short name for logs: htpasswd or ldap. */
  String name();

  /**
   * Checks a password.
   *
   * @return the user's identity, or empty when the user is unknown or the password wrong
   * @throws SourceUnavailableException when the source cannot answer (LDAP down)
   */
  Optional<Identity> verify(String user, String password) throws SourceUnavailableException;

  /**
   * Looks for changes (a replaced file) before a remembered success is trusted; must be cheap,
   * it runs on every request with credentials.
   */
  default void refresh() {}

  /** Thrown when a password source cannot be asked. */
  final class SourceUnavailableException extends Exception {
    SourceUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
