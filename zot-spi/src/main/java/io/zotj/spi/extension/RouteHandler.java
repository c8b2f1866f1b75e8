package io.zotj.spi.extension;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

/** Answers the requests of one route an extension adds on the application port. */
@FunctionalInterface
public interface RouteHandler {

  /**
   * Answers one request. Runs on a request thread, after the core checked the route's
   * {@link RouteAccess}.
   *
   * @param request the request: headers, URI with query, entity stream
   * @return the response; an exception becomes a 500 with an error id, as for the core's routes
   */
  Response handle(ContainerRequestContext request) throws Exception;
}
