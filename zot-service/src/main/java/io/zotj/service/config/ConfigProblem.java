package io.zotj.service.config;

/**
 * One thing wrong with a configuration file: the full path of the key ({@code storage.gcDelay},
 * {@code http.accessControl["tmp/**"].policies[0]}) and a one-line reason.
 */
public record ConfigProblem(String path, String reason) {

  @Override
  public String toString() {
    return path.isEmpty() ? reason : path + ": " + reason;
  }
}
