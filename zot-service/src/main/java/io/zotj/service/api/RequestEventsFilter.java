package io.zotj.service.api;

import io.zotj.service.oci.RepositoryName;
import io.zotj.spi.extension.RegistryEvent;
import io.zotj.spi.extension.RegistryEvent.BlobPulled;
import io.zotj.spi.extension.RegistryEvent.ManifestDeleted;
import io.zotj.spi.extension.RegistryEvent.ManifestPulled;
import io.zotj.spi.extension.RegistryEvent.ManifestPushed;
import io.zotj.spi.extension.RegistryEvent.RequestFinished;
import io.zotj.spi.extension.RegistryEvent.StorageChanged;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns every finished request on the application port into registry events for extensions:
 * always {@link RequestFinished}, and for a successful request on a manifest or blob what it did
 * (pushed, pulled, deleted, storage changed). Events are published after the response was
 * written, so a listener sees only what a client saw succeed.
 */
public final class RequestEventsFilter implements Filter {

  private final Consumer<RegistryEvent> events;
  private final Predicate<String> exists;
  private final Function<String, String> extensionRoutes;

  /**
   * @param events where events go
   * @param exists whether a repository exists, for failed requests' repository names
   * @param extensionRoutes the route an extension registered at a path, else null
   */
  public RequestEventsFilter(Consumer<RegistryEvent> events, Predicate<String> exists,
      Function<String, String> extensionRoutes) {
    this.events = events;
    this.exists = exists;
    this.extensionRoutes = extensionRoutes;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    long start = System.nanoTime();
    try {
      chain.doFilter(request, response);
    } finally {
      publish((HttpServletRequest) request, (HttpServletResponse) response,
          Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private void publish(HttpServletRequest request, HttpServletResponse response,
      Duration duration) {
    String method = request.getMethod();
    int status = response.getStatus();
    Route route = request.getAttribute(Route.ATTRIBUTE) instanceof Route parsed ? parsed : null;
    String path = null;
    if (route == null) {
      // Jersey answered before the resource (or the request is not the resource's): parse here
      path = request.getRequestURI().substring(request.getContextPath().length());
      route = path.startsWith("/v2/") ? parse(path.substring(4)) : null;
    }
    RepositoryName name = name(route);
    Optional<String> repository = name != null && (status < 400 || exists.test(name.value()))
        ? Optional.of(name.value()) : Optional.empty();
    events.accept(new RequestFinished(method, status, template(path, route), repository,
        duration));
    if (status < 400 && route != null) {
      domainEvents(method, route, response.getHeader(Headers.CONTENT_DIGEST));
    }
  }

  private void domainEvents(String method, Route route, String digest) {
    if (route instanceof Route.Manifest m) {
      String repo = m.name().value();
      String reference = m.reference().toString();
      switch (method) {
        case "PUT" -> {
          events.accept(new ManifestPushed(repo, reference, digest));
          events.accept(new StorageChanged(repo));
        }
        case "GET" -> events.accept(new ManifestPulled(repo, reference, digest));
        case "DELETE" -> {
          events.accept(new ManifestDeleted(repo, reference));
          events.accept(new StorageChanged(repo));
        }
        default -> { }
      }
    } else if (route instanceof Route.Blob b) {
      if (method.equals("GET")) {
        events.accept(new BlobPulled(b.name().value(), b.digest().toString()));
      } else if (method.equals("DELETE")) {
        events.accept(new StorageChanged(b.name().value()));
      }
    } else if (route instanceof Route.Upload u && method.equals("PUT")) {
      events.accept(new StorageChanged(u.name().value()));
    }
  }

  private static Route parse(String rest) {
    try {
      return Route.parse(rest);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static RepositoryName name(Route route) {
    if (route instanceof Route.Manifest m) {
      return m.name();
    } else if (route instanceof Route.Blob b) {
      return b.name();
    }
    return route == null ? null : route.repository().orElse(null);
  }

  /** The route's template; {@code path} is needed (and known) only when there is no route. */
  private String template(String path, Route route) {
    if (route == null) {
      String extension = extensionRoutes.apply(path);
      return extension != null ? extension : path.equals("/v2") ? "/v2/" : "other";
    }
    return templateOf(route);
  }

  private static String templateOf(Route route) {
    if (route instanceof Route.Catalog) {
      return "/v2/_catalog";
    } else if (route instanceof Route.Tags) {
      return "/v2/{name}/tags/list";
    } else if (route instanceof Route.Manifest) {
      return "/v2/{name}/manifests/{reference}";
    } else if (route instanceof Route.Blob) {
      return "/v2/{name}/blobs/{digest}";
    } else if (route instanceof Route.Uploads) {
      return "/v2/{name}/blobs/uploads/";
    } else if (route instanceof Route.Upload) {
      return "/v2/{name}/blobs/uploads/{id}";
    } else if (route instanceof Route.Referrers) {
      return "/v2/{name}/referrers/{digest}";
    }
    return "/v2/";
  }
}
