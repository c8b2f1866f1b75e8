package io.zotj.service.api;

import io.zotj.service.oci.OciError;
import io.zotj.service.oci.RegistryException;
import io.zotj.service.store.RegistryStore;
import io.zotj.spi.storage.StorageException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.Map;

/**
 * The OCI Distribution API: every request under {@code /v2} is parsed into a {@link Route} from
 * its raw path and handed to the endpoint for its method.
 *
 * @see <a href="https://github.com/opencontainers/distribution-spec/blob/main/spec.md">
 *     distribution-spec</a>
 */
@Path("/v2")
public final class V2Resource {

  private final BlobEndpoints blobs;
  private final ManifestEndpoints manifests;

  public V2Resource(RegistryStore store) {
    this.blobs = new BlobEndpoints(store);
    this.manifests = new ManifestEndpoints(store);
  }

  @GET
  public Response base() {
    return Response.ok("{}").type("application/json").build();
  }

  @GET
  @Path("{path: .*}")
  public Response get(@Context UriInfo uri, @Context HttpHeaders headers)
      throws StorageException {
    Route route = route(uri);
    if (route instanceof Route.Base) {
      return base();
    } else if (route instanceof Route.Catalog) {
      return manifests.catalog(uri.getQueryParameters());
    } else if (route instanceof Route.Tags r) {
      return manifests.tags(r, uri.getQueryParameters());
    } else if (route instanceof Route.Manifest r) {
      return manifests.get(r);
    } else if (route instanceof Route.Blob r) {
      return blobs.get(r, headers);
    } else if (route instanceof Route.Upload r) {
      return blobs.status(r);
    } else if (route instanceof Route.Referrers r) {
      return manifests.referrers(r, uri.getQueryParameters());
    }
    throw notAllowed("GET", route);
  }

  @HEAD
  public Response headBase() {
    return Response.ok().type("application/json").build();
  }

  @HEAD
  @Path("{path: .*}")
  public Response head(@Context UriInfo uri) throws StorageException {
    Route route = route(uri);
    if (route instanceof Route.Base) {
      return headBase();
    } else if (route instanceof Route.Manifest r) {
      return manifests.head(r);
    } else if (route instanceof Route.Blob r) {
      return blobs.head(r);
    }
    throw notAllowed("HEAD", route);
  }

  @PUT
  @Path("{path: .*}")
  public Response put(@Context UriInfo uri, @Context HttpHeaders headers, InputStream body)
      throws StorageException {
    Route route = route(uri);
    if (route instanceof Route.Manifest r) {
      return manifests.put(r, headers, body);
    } else if (route instanceof Route.Upload r) {
      return blobs.complete(r, uri.getQueryParameters(), headers, body);
    }
    throw notAllowed("PUT", route);
  }

  @POST
  @Path("{path: .*}")
  public Response post(@Context UriInfo uri, @Context HttpHeaders headers, InputStream body)
      throws StorageException {
    Route route = route(uri);
    if (route instanceof Route.Uploads r) {
      return blobs.start(r, uri.getQueryParameters(), headers, body);
    }
    throw notAllowed("POST", route);
  }

  @PATCH
  @Path("{path: .*}")
  public Response patch(@Context UriInfo uri, @Context HttpHeaders headers, InputStream body)
      throws StorageException {
    Route route = route(uri);
    if (route instanceof Route.Upload r) {
      return blobs.patch(r, headers, body);
    }
    throw notAllowed("PATCH", route);
  }

  @DELETE
  @Path("{path: .*}")
  public Response delete(@Context UriInfo uri) throws StorageException {
    Route route = route(uri);
    if (route instanceof Route.Manifest r) {
      return manifests.delete(r);
    } else if (route instanceof Route.Blob r) {
      return blobs.delete(r);
    } else if (route instanceof Route.Upload r) {
      return blobs.cancel(r);
    }
    throw notAllowed("DELETE", route);
  }

  /** Parses the raw, undecoded path below the application's base: {@code v2/...}. */
  private static Route route(UriInfo uri) {
    String raw = uri.getRequestUri().getRawPath();
    String base = uri.getBaseUri().getRawPath();
    String relative = raw.startsWith(base) ? raw.substring(base.length()) : raw;
    if (relative.equals("v2")) {
      return new Route.Base();
    }
    if (!relative.startsWith("v2/")) {
      throw new RegistryException(OciError.NAME_UNKNOWN, 404, "no such endpoint", null);
    }
    return Route.parse(relative.substring(3));
  }

  private static RegistryException notAllowed(String method, Route route) {
    return new RegistryException(OciError.UNSUPPORTED, 405, "method not allowed",
        Map.of("method", method, "endpoint", route.getClass().getSimpleName()));
  }
}
