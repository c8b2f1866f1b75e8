package io.zotj.spi.extension;

import java.time.Duration;
import java.util.Optional;

/**
 * Something that happened in the registry, delivered to the listeners extensions register with
 * {@link ExtensionContext#onEvent}. Listeners run on the thread that caused the event (a request
 * thread, after the response was written): they must be quick and must not block; slow work
 * belongs on {@link ExtensionContext#scheduler()}.
 *
 * <p>Repository names appear only for repositories that exist (or were just created by the
 * request), so a client sending made-up names cannot make an extension track unbounded names.
 */
public sealed interface RegistryEvent {

  /**
   * A request on the application port finished.
   *
   * @param method the HTTP method, upper case
   * @param status the status code sent
   * @param route the route's template ({@code /v2/{name}/manifests/{reference}}), an extension
   *     route's path as registered, or {@code other}; never the raw path
   * @param repository the repository the request addressed, if it exists
   * @param duration from the request's arrival to the end of its response
   */
  record RequestFinished(String method, int status, String route, Optional<String> repository,
      Duration duration) implements RegistryEvent {}

  /** A manifest was stored; {@code reference} is the tag or digest the client pushed to. */
  record ManifestPushed(String repository, String reference, String digest)
      implements RegistryEvent {}

  /** A manifest's content was sent to a client (GET, not HEAD). */
  record ManifestPulled(String repository, String reference, String digest)
      implements RegistryEvent {}

  /** A manifest (by digest) or a tag was deleted. */
  record ManifestDeleted(String repository, String reference) implements RegistryEvent {}

  /** A blob's content (all or a range) was sent to a client. */
  record BlobPulled(String repository, String digest) implements RegistryEvent {}

  /** The bytes a repository takes in storage may have changed; see {@link RegistryView}. */
  record StorageChanged(String repository) implements RegistryEvent {}
}
