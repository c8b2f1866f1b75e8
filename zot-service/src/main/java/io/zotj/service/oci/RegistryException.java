package io.zotj.service.oci;

import java.util.Map;

/**
 * A request the registry refuses, with the OCI error code, a message for the client and an
 * optional detail object; answered by the API's error mapper as {@code {"errors":[...]}}.
 */
public class RegistryException extends RuntimeException {

  private final OciError code;
  private final transient Object detail;
  private final int status;
  private final Map<String, String> headers = new java.util.LinkedHashMap<>();

  public RegistryException(OciError code, String message, Object detail) {
    this(code, code.status(), message, detail);
  }

  public RegistryException(OciError code, int status, String message, Object detail) {
    super(message == null ? code.message() : message, null, false, false);
    this.code = code;
    this.status = status;
    this.detail = detail;
  }

  public RegistryException(OciError code, String message) {
    this(code, message, null);
  }

  public static RegistryException of(OciError code, String message, String key, Object value) {
    return new RegistryException(code, message, Map.of(key, String.valueOf(value)));
  }

  /** Adds a header to the error response (e.g. {@code Content-Range} of a 416). */
  public RegistryException withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** Headers the error response carries besides the body. */
  public Map<String, String> headers() {
    return java.util.Collections.unmodifiableMap(headers);
  }

  public OciError code() {
    return code;
  }

  public int status() {
    return status;
  }

  public Object detail() {
    return detail;
  }
}
