package io.zotj.service.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zotj.service.oci.Descriptor;
import io.zotj.service.oci.ManifestParser;
import io.zotj.service.oci.MediaTypes;
import io.zotj.service.oci.OciError;
import io.zotj.service.oci.Reference;
import io.zotj.service.oci.RegistryException;
import io.zotj.service.store.ManifestStore;
import io.zotj.service.store.PushedManifest;
import io.zotj.service.store.RegistryStore;
import io.zotj.service.store.StoredManifest;
import io.zotj.spi.storage.StorageException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Manifest push, pull and delete; tag lists, the catalog and the referrers API. */
final class ManifestEndpoints {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final String JSON_TYPE = "application/json";

  private final RegistryStore store;
  private final ManifestStore manifests;

  ManifestEndpoints(RegistryStore store) {
    this.store = store;
    this.manifests = store.manifests();
  }

  Response head(Route.Manifest route) throws StorageException {
    Descriptor d = manifests.describe(route.name(), route.reference());
    return Response.ok().type(d.mediaType())
        .header(HttpHeaders.CONTENT_LENGTH, d.size())
        .header(Headers.CONTENT_DIGEST, d.digest())
        .header(HttpHeaders.ETAG, "\"" + d.digest() + "\"").build();
  }

  Response get(Route.Manifest route) throws StorageException {
    StoredManifest m = manifests.get(route.name(), route.reference());
    return Response.ok(m.bytes()).type(m.mediaType())
        .header(Headers.CONTENT_DIGEST, m.digest())
        .header(HttpHeaders.ETAG, "\"" + m.digest() + "\"").build();
  }

  /** Whether a push to this reference would move an existing tag (needs update). */
  boolean overwritesTag(Route.Manifest route) throws StorageException {
    return route.reference() instanceof Reference.ByTag byTag
        && manifests.hasTag(route.name(), byTag.tag());
  }

  Response put(Route.Manifest route, HttpHeaders headers, InputStream body)
      throws StorageException {
    long declared = BlobEndpoints.contentLength(headers);
    if (declared > ManifestParser.MAX_MANIFEST_BYTES) {
      throw tooBig();
    }
    byte[] bytes;
    try {
      bytes = body.readNBytes(ManifestParser.MAX_MANIFEST_BYTES + 1);
    } catch (IOException e) {
      throw new RegistryException(OciError.MANIFEST_INVALID, "the request body broke off", null);
    }
    if (bytes.length > ManifestParser.MAX_MANIFEST_BYTES) {
      throw tooBig();
    }
    PushedManifest pushed = manifests.put(route.name(), route.reference(),
        headers.getHeaderString(HttpHeaders.CONTENT_TYPE), bytes);
    Response.ResponseBuilder response = Response.status(201)
        .header(Headers.LOCATION, "/v2/" + route.name() + "/manifests/" + pushed.digest())
        .header(Headers.CONTENT_DIGEST, pushed.digest())
        .header(HttpHeaders.CONTENT_LENGTH, 0);
    pushed.subject().ifPresent(subject -> response.header(Headers.OCI_SUBJECT, subject));
    return response.build();
  }

  Response delete(Route.Manifest route, boolean refuseShared) throws StorageException {
    manifests.delete(route.name(), route.reference(), refuseShared);
    return Response.accepted().header(HttpHeaders.CONTENT_LENGTH, 0).build();
  }

  Response tags(Route.Tags route, MultivaluedMap<String, String> query)
      throws StorageException {
    List<String> tags = manifests.tags(route.name());
    Page page = Page.of(tags, query.getFirst("n"), query.getFirst("last"),
        "/v2/" + route.name() + "/tags/list");
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("name", route.name().value());
    page.items().forEach(out.putArray("tags")::add);
    if (!out.has("tags")) {
      out.putArray("tags");
    }
    return paged(out, page);
  }

  /** The catalog, only with the repositories {@code readable} accepts. */
  Response catalog(MultivaluedMap<String, String> query, Predicate<String> readable)
      throws StorageException {
    List<String> visible = store.catalog().stream().filter(readable).toList();
    Page page = Page.of(visible, query.getFirst("n"), query.getFirst("last"), "/v2/_catalog");
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ArrayNode list = out.putArray("repositories");
    page.items().forEach(list::add);
    return paged(out, page);
  }

  Response referrers(Route.Referrers route, MultivaluedMap<String, String> query)
      throws StorageException {
    String artifactType = query.getFirst("artifactType");
    List<Descriptor> found = manifests.referrers(route.name(), route.digest(), artifactType);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("schemaVersion", 2);
    out.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode list = out.putArray("manifests");
    for (Descriptor d : found) {
      ObjectNode item = list.addObject();
      item.put("mediaType", d.mediaType());
      item.put("digest", d.digest().toString());
      item.put("size", d.size());
      if (d.artifactType() != null) {
        item.put("artifactType", d.artifactType());
      }
      if (!d.annotations().isEmpty()) {
        ObjectNode annotations = item.putObject("annotations");
        d.annotations().forEach(annotations::put);
      }
    }
    Response.ResponseBuilder response = Response.ok(write(out)).type(MediaTypes.OCI_INDEX);
    if (artifactType != null) {
      response.header(Headers.OCI_FILTERS_APPLIED, "artifactType");
    }
    return response.build();
  }

  private static Response paged(ObjectNode out, Page page) {
    Response.ResponseBuilder response = Response.ok(write(out)).type(JSON_TYPE);
    if (page.nextLink() != null) {
      response.header(HttpHeaders.LINK, page.nextLink());
    }
    return response.build();
  }

  static byte[] write(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static RegistryException tooBig() {
    return new RegistryException(OciError.MANIFEST_INVALID, 413, "manifest too big",
        Map.of("limit", ManifestParser.MAX_MANIFEST_BYTES));
  }
}
