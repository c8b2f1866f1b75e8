package io.zotj.service.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops an {@code Accept} header that does not parse, before Jersey refuses the request for it:
 * the registry answers with what it stores whatever the client accepts, so a malformed header
 * is as good as none.
 */
@Provider
@PreMatching
public final class AcceptHeaderFilter implements ContainerRequestFilter {

  private static final Logger LOG = LoggerFactory.getLogger(AcceptHeaderFilter.class);

  @Override
  public void filter(ContainerRequestContext request) {
    if (request.getHeaderString(HttpHeaders.ACCEPT) == null) {
      return;
    }
    try {
      request.getAcceptableMediaTypes();
    } catch (RuntimeException e) {
      LOG.debug("Ignoring a malformed Accept header");
      request.getHeaders().remove(HttpHeaders.ACCEPT);
    }
  }
}
