package io.zotj.service.extension;

import io.zotj.spi.extension.RouteAccess;
import io.zotj.spi.extension.RouteHandler;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.glassfish.jersey.process.Inflector;

/** One route an extension added: the access check, then the extension's handler. */
final class ExtensionRoute implements Inflector<ContainerRequestContext, Response> {

  private final String extension;
  private final RouteAccess access;
  private final RouteHandler handler;
  private final ExtensionAccessPolicy policy;

  ExtensionRoute(String extension, RouteAccess access, RouteHandler handler,
      ExtensionAccessPolicy policy) {
    this.extension = extension;
    this.access = access;
    this.handler = handler;
    this.policy = policy;
  }

  @Override
  public Response apply(ContainerRequestContext request) {
    policy.check(request, access);
    try {
      return handler.handle(request);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("extension " + extension + " failed to answer "
          + request.getMethod() + " " + request.getUriInfo().getPath(), e);
    }
  }
}
