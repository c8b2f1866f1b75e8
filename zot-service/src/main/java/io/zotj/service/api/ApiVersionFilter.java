package io.zotj.service.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/** Marks every API response with {@code Docker-Distribution-API-Version: registry/2.0}. */
@Provider
public final class ApiVersionFilter implements ContainerResponseFilter {

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    response.getHeaders().putSingle(Headers.API_VERSION, Headers.API_VERSION_VALUE);
  }
}
