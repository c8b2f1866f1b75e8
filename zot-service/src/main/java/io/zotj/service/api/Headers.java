package io.zotj.service.api;

/** Header names of the Distribution API. */
final class Headers {

  static final String CONTENT_DIGEST = "Docker-Content-Digest";
  static final String API_VERSION = "Docker-Distribution-API-Version";
  static final String API_VERSION_VALUE = "registry/2.0";
  static final String UPLOAD_UUID = "Docker-Upload-UUID";
  static final String OCI_SUBJECT = "OCI-Subject";
  static final String OCI_FILTERS_APPLIED = "OCI-Filters-Applied";
  static final String CONTENT_RANGE = "Content-Range";
  static final String RANGE = "Range";
  static final String LOCATION = "Location";

  private Headers() {}
}
