package io.zotj.service.store;

import io.zotj.service.oci.Digest;
import io.zotj.service.oci.RepositoryName;

/**
 * Where things live in a store: every repository is an OCI image layout, as zot keeps it.
 *
 * <pre>
 * &lt;root&gt;/
 *   &lt;repository&gt;/            a name like library/alpine is a nested folder
 *     oci-layout                {"imageLayoutVersion": "1.0.0"}
 *     index.json                every manifest; tags as org.opencontainers.image.ref.name
 *     blobs/&lt;alg&gt;/&lt;hex&gt;        layers, configs and the manifests themselves
 *     .uploads/&lt;session id&gt;    bytes of an upload in progress
 * </pre>
 */
final class StoreLayout {

  static final String OCI_LAYOUT = "oci-layout";
  static final String INDEX = "index.json";
  static final String BLOBS = "blobs";
  static final String UPLOADS = ".uploads";
  static final byte[] OCI_LAYOUT_CONTENT =
      "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private StoreLayout() {}

  static String index(RepositoryName repo) {
    return repo.value() + "/" + INDEX;
  }

  static String ociLayout(RepositoryName repo) {
    return repo.value() + "/" + OCI_LAYOUT;
  }

  static String blob(RepositoryName repo, Digest digest) {
    return repo.value() + "/" + BLOBS + "/" + digest.algorithm().id() + "/" + digest.hex();
  }

  static String uploads(RepositoryName repo) {
    return repo.value() + "/" + UPLOADS;
  }

  static String upload(RepositoryName repo, String sessionId) {
    return uploads(repo) + "/" + sessionId;
  }
}
