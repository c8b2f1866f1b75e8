package io.zotj.service.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.zotj.spi.extension.RegistryEvent;
import io.zotj.spi.extension.RegistryEvent.ManifestPulled;
import io.zotj.spi.extension.RegistryEvent.RequestFinished;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The events of one finished request, from the route the resource left or from the path. */
class RequestEventsFilterTest {

  private final List<RegistryEvent> events = new ArrayList<>();
  private final List<String> existenceChecks = new ArrayList<>();
  private final RequestEventsFilter filter = new RequestEventsFilter(events::add, name -> {
    existenceChecks.add(name);
    return Set.of("library/alpine").contains(name);
  }, path -> path.equals("/metrics") ? "/metrics" : null);

  @Test
  void usesTheRouteTheResourceLeftInsteadOfParsingThePathAgain() throws Exception {
    // the path says blobs; the route the resource parsed says manifest: the route wins
    Map<String, Object> attributes = new HashMap<>();
    attributes.put(Route.ATTRIBUTE, Route.parse("library/alpine/manifests/3.20"));
    HttpServletRequest request = request("GET",
        "/v2/other/name/blobs/sha256:" + "0".repeat(64), attributes);

    filter.doFilter(request, response(200, "sha256:ab"), (req, res) -> { });

    assertThat(events).hasSize(2);
    RequestFinished finished = (RequestFinished) events.get(0);
    assertThat(finished.route()).isEqualTo("/v2/{name}/manifests/{reference}");
    assertThat(finished.repository()).contains("library/alpine");
    assertThat(events.get(1))
        .isEqualTo(new ManifestPulled("library/alpine", "3.20", "sha256:ab"));
  }

  @Test
  void parsesThePathWhenNoResourceLeftARoute() throws Exception {
    HttpServletRequest request = request("GET", "/v2/library/alpine/manifests/3.20",
        new HashMap<>());

    filter.doFilter(request, response(200, "sha256:ab"), (req, res) -> { });

    assertThat(events).extracting(e -> e.getClass().getSimpleName())
        .containsExactly("RequestFinished", "ManifestPulled");
    assertThat(((RequestFinished) events.get(0)).route())
        .isEqualTo("/v2/{name}/manifests/{reference}");
  }

  @Test
  void namesARepositoryOfAFailedRequestOnlyWhenItExists() throws Exception {
    Map<String, Object> attributes = new HashMap<>();
    attributes.put(Route.ATTRIBUTE, Route.parse("made/up/manifests/latest"));

    filter.doFilter(request("GET", "/v2/made/up/manifests/latest", attributes),
        response(404, null), (req, res) -> { });

    assertThat(((RequestFinished) events.get(0)).repository()).isEqualTo(Optional.empty());
    assertThat(existenceChecks).containsExactly("made/up");
    assertThat(events).hasSize(1);
  }

  @Test
  void namesExtensionRoutesAndOtherPaths() throws Exception {
    filter.doFilter(request("GET", "/metrics", new HashMap<>()), response(200, null),
        (req, res) -> { });
    filter.doFilter(request("GET", "/elsewhere", new HashMap<>()), response(404, null),
        (req, res) -> { });

    assertThat(events).map(e -> ((RequestFinished) e).route())
        .containsExactly("/metrics", "other");
  }

  private static HttpServletRequest request(String method, String uri,
      Map<String, Object> attributes) {
    return (HttpServletRequest) Proxy.newProxyInstance(RequestEventsFilterTest.class
        .getClassLoader(), new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) ->
        switch (m.getName()) {
          case "getMethod" -> method;
          case "getRequestURI" -> uri;
          case "getContextPath" -> "";
          case "getAttribute" -> attributes.get((String) args[0]);
          default -> throw new UnsupportedOperationException(m.getName());
        });
  }

  private static HttpServletResponse response(int status, String digest) {
    return (HttpServletResponse) Proxy.newProxyInstance(RequestEventsFilterTest.class
        .getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) ->
        switch (m.getName()) {
          case "getStatus" -> status;
          case "getHeader" -> Headers.CONTENT_DIGEST.equals(args[0]) ? digest : null;
          default -> throw new UnsupportedOperationException(m.getName());
        });
  }
}
