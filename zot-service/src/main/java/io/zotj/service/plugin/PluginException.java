package io.zotj.service.plugin;

/** A plug-in problem that stops startup: a missing jar, or two plug-ins with one name. */
public class PluginException extends RuntimeException {

  public PluginException(String message) {
    super(message);
  }
}
