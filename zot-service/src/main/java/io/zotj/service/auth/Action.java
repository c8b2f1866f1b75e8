package io.zotj.service.auth;

import java.util.Optional;

/** What a request does to a repository, as access-control policies name it. */
public enum Action {
  /** Pull manifests and blobs, list tags, see the repository in the catalog. */
  READ("read"),
  /** Push blobs, and manifests under a new tag or by digest. */
  CREATE("create"),
  /** Point an existing tag at another manifest. */
  UPDATE("update"),
  /** Delete manifests, tags and blobs. */
  DELETE("delete"),
  /** Refuse to delete a manifest by digest while more than one tag points at it. */
  DETECT_MANIFEST_COLLISION("detectManifestCollision");

  private final String configName;

  Action(String configName) {
    this.configName = configName;
  }

  /** The name used in the configuration and in the audit log. */
  public String configName() {
    return configName;
  }

  /** The action a configuration names; empty for an unknown name. */
  public static Optional<Action> fromConfig(String name) {
    for (Action action : values()) {
      if (action.configName.equals(name)) {
        return Optional.of(action);
      }
    }
    return Optional.empty();
  }
}
