package io.zotj.service.api;

import io.zotj.service.auth.Action;
import io.zotj.service.auth.Authorizer;
import io.zotj.service.auth.Identity;
import io.zotj.service.oci.OciError;
import io.zotj.service.oci.RegistryException;
import io.zotj.service.oci.RepositoryName;
import io.zotj.service.store.RegistryStore;
import io.zotj.spi.storage.StorageException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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
  private final Authorizer authorizer;

  /** An open registry: no authentication, no access control. */
  public V2Resource(RegistryStore store) {
    this(store, Authorizer.open());
  }

  public V2Resource(RegistryStore store, Authorizer authorizer) {
    this.blobs = new BlobEndpoints(store);
    this.manifests = new ManifestEndpoints(store);
    this.authorizer = authorizer;
  }

  @GET
  public Response base(@Context HttpServletRequest request) {
    authorizer.requireLogin(caller(request));
    return Response.ok("{}").type("application/json").build();
  }

  @GET
  @Path("{path: .*}")
  public Response get(@Context UriInfo uri, @Context HttpHeaders headers,
      @Context HttpServletRequest request, @Context HttpServletResponse response)
      throws StorageException {
    Route route = route(uri);
    Identity caller = caller(request);
    if (route instanceof Route.Base) {
      return base(request);
    } else if (route instanceof Route.Catalog) {
      authorizer.requireCatalogAccess(caller);
      return manifests.catalog(uri.getQueryParameters(), r -> authorizer.mayRead(caller, r));
    }
    RepositoryName name = repository(route);
    if (route instanceof Route.Upload r) {
      require(request, caller, name, Action.CREATE);
      return blobs.status(r);
    }
    require(request, caller, name, Action.READ);
    if (route instanceof Route.Tags r) {
      return manifests.tags(r, uri.getQueryParameters());
    } else if (route instanceof Route.Manifest r) {
      return manifests.get(r);
    } else if (route instanceof Route.Blob r) {
      return blobs.get(r, headers, response);
    } else if (route instanceof Route.Referrers r) {
      return manifests.referrers(r, uri.getQueryParameters());
    }
    throw notAllowed("GET", route);
  }

  @HEAD
  public Response headBase(@Context HttpServletRequest request) {
    authorizer.requireLogin(caller(request));
    return Response.ok().type("application/json").build();
  }

  @HEAD
  @Path("{path: .*}")
  public Response head(@Context UriInfo uri, @Context HttpServletRequest request)
      throws StorageException {
    Route route = route(uri);
    if (route instanceof Route.Base) {
      return headBase(request);
    }
    require(request, caller(request), repository(route), Action.READ);
    if (route instanceof Route.Manifest r) {
      return manifests.head(r);
    } else if (route instanceof Route.Blob r) {
      return blobs.head(r);
    }
    throw notAllowed("HEAD", route);
  }

  @PUT
  @Path("{path: .*}")
  public Response put(@Context UriInfo uri, @Context HttpHeaders headers,
      @Context HttpServletRequest request, InputStream body) throws StorageException {
    Route route = route(uri);
    Identity caller = caller(request);
    if (route instanceof Route.Manifest r) {
      // moving an existing tag is an update; a new tag or a push by digest is a create
      Action needed = manifests.overwritesTag(r) ? Action.UPDATE : Action.CREATE;
      require(request, caller, r.name(), needed);
      return manifests.put(r, headers, body);
    } else if (route instanceof Route.Upload r) {
      require(request, caller, r.name(), Action.CREATE);
      return blobs.complete(r, uri.getQueryParameters(), headers, body);
    }
    throw notAllowed("PUT", route);
  }

  @POST
  @Path("{path: .*}")
  public Response post(@Context UriInfo uri, @Context HttpHeaders headers,
      @Context HttpServletRequest request, InputStream body) throws StorageException {
    Route route = route(uri);
    Identity caller = caller(request);
    if (route instanceof Route.Uploads r) {
      require(request, caller, r.name(), Action.CREATE);
      return blobs.start(r, uri.getQueryParameters(), headers, body,
          source -> authorizer.mayRead(caller, source));
    }
    throw notAllowed("POST", route);
  }

  @PATCH
  @Path("{path: .*}")
  public Response patch(@Context UriInfo uri, @Context HttpHeaders headers,
      @Context HttpServletRequest request, InputStream body) throws StorageException {
    Route route = route(uri);
    if (route instanceof Route.Upload r) {
      require(request, caller(request), r.name(), Action.CREATE);
      return blobs.patch(r, headers, body);
    }
    throw notAllowed("PATCH", route);
  }

  @DELETE
  @Path("{path: .*}")
  public Response delete(@Context UriInfo uri, @Context HttpServletRequest request)
      throws StorageException {
    Route route = route(uri);
    Identity caller = caller(request);
    if (route instanceof Route.Manifest r) {
      require(request, caller, r.name(), Action.DELETE);
      return manifests.delete(r, authorizer.allows(caller, r.name().value(),
          Action.DETECT_MANIFEST_COLLISION));
    } else if (route instanceof Route.Blob r) {
      require(request, caller, r.name(), Action.DELETE);
      return blobs.delete(r);
    } else if (route instanceof Route.Upload r) {
      require(request, caller, r.name(), Action.CREATE);
      return blobs.cancel(r);
    }
    throw notAllowed("DELETE", route);
  }

  private static Identity caller(HttpServletRequest request) {
    return request == null ? Identity.ANONYMOUS : Identity.of(request.getAttribute(
        Identity.ATTRIBUTE));
  }

  /** Records the action for the audit log, then throws unless the caller may take it. */
  private void require(HttpServletRequest request, Identity caller, RepositoryName name,
      Action action) {
    if (request != null) {
      request.setAttribute(Authorizer.ACTION_ATTRIBUTE, action.configName());
    }
    try {
      authorizer.require(caller, name.value(), action);
    } catch (RegistryException refused) {
      // the body stays unread, so Jetty closes the connection after the answer: say so, or a
      // client that pools connections sends its next request into the closed one
      if (request != null && (request.getContentLengthLong() > 0
          || request.getHeader("Transfer-Encoding") != null)) {
        refused.withHeader("Connection", "close");
      }
      throw refused;
    }
  }

  private static RepositoryName repository(Route route) {
    return route.repository().orElseThrow(() -> notAllowed("this method on", route));
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
