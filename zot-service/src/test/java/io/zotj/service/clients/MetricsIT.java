package io.zotj.service.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.zotj.service.testing.ServiceConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics extension end to end: the packaged {@code zot-service.jar} run as operators run it,
 * with {@code zot-ext-metrics.jar} in its plug-in folder; skopeo pushes and pulls, the endpoint is
 * scraped, checked with promtool and by a real Prometheus server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsIT {

  private static final String REPO = "metrics/image";
  private static final Path EXAMPLES = Path.of("..", "examples", "metrics");
  private static final ImageLayout LAYOUT = ImageLayout.shared();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path dir;

  private static Processes processes;
  private static ZotProcess zot;

  @BeforeAll
  static void start() throws Exception {
    processes = new Processes(dir.resolve("home"), Duration.ofSeconds(120));
    zot = ZotProcess.start(dir.resolve("with-jar"), pluginsBuilt(), "extensions:\n  metrics: {}\n");
  }

  @AfterAll
  static void stop() {
    if (zot != null) {
      zot.close();
    }
  }

  @Test
  @Order(1)
  void countsWhatSkopeoPushedAndPulled() throws Exception {
    String ref = "docker://" + zot.hostPort() + "/" + REPO + ":" + ImageLayout.IMAGE_TAG;
    processes.run("skopeo", "copy", "--dest-tls-verify=false",
        "oci:" + LAYOUT.dir() + ":" + ImageLayout.IMAGE_TAG, ref).ok();
    processes.run("skopeo", "copy", "--src-tls-verify=false", ref,
        "oci:" + dir.resolve("pulled") + ":pulled").ok();
    for (int i = 0; i < 2; i++) {
      assertThat(get(zot.uri("/v2/" + REPO + "/manifests/" + ImageLayout.IMAGE_TAG)))
          .isEqualTo(200);
    }

    Scrape scrape = Scrape.awaiting(zot.uri("/metrics"),
        "zot_repo_downloads_total{repo=\"" + REPO + "\"}", 3);
    assertThat(scrape.value("zot_repo_uploads_total{repo=\"" + REPO + "\"}")).isEqualTo(1.0);
    assertThat(scrape.value("zot_repo_downloads_total{repo=\"" + REPO + "\"}")).isEqualTo(3.0);
    assertThat(scrape.value("zot_http_requests_total{code=\"201\",method=\"PUT\"}"))
        .as("one manifest and one PUT per blob upload").isGreaterThanOrEqualTo(2.0);
    assertThat(scrape.sum("zot_http_requests_total{"))
        .isEqualTo(scrape.sum("zot_http_method_latency_seconds_count{"))
        .isEqualTo(scrape.sum("zot_http_repo_latency_seconds_count{"));
    assertThat(scrape.text()).contains("zot_info{binaryType=\"jvm\"")
        .contains("zot_http_method_latency_seconds_bucket{method=\"GET\",le=\"600.0\"}")
        .contains("# TYPE zot_http_repo_latency_seconds summary")
        .contains("# TYPE zot_http_method_latency_seconds histogram")
        .contains("jvm_memory_heap_used").contains("io_dropwizard_jetty_");
    assertThat(scrape.text()).containsPattern("(?m)^zot_info\\{[^}]+} 0$");
  }

  @Test
  @Order(2)
  void timesTheStoresLocksUnderItsRootDirectory() throws Exception {
    Scrape scrape = Scrape.of(zot.uri("/metrics"));

    String labels = "{lockType=\"RWLock\",storageName=\"" + zot.root() + "\"";
    assertThat(scrape.text()).contains("# TYPE zot_storage_lock_latency_seconds histogram");
    assertThat(scrape.value("zot_storage_lock_latency_seconds_count" + labels + "}"))
        .as("the manifest push took its repository's lock").isGreaterThanOrEqualTo(1.0);
    assertThat(scrape.value("zot_storage_lock_latency_seconds_bucket" + labels
        + ",le=\"+Inf\"}")).isEqualTo(
            scrape.value("zot_storage_lock_latency_seconds_count" + labels + "}"));
  }

  @Test
  @Order(3)
  void bridgesJerseysResourceTimers() throws Exception {
    Scrape scrape = Scrape.of(zot.uri("/metrics"));

    // a summary per resource method, in seconds, beside Jersey's filter timings
    assertThat(scrape.text()).contains("# TYPE io_zotj_service_api_V2Resource_get summary")
        .contains("io_zotj_service_api_V2Resource_get{quantile=\"0.99\"}")
        .contains("io_zotj_service_api_V2Resource_put_request_filtering_count");
    assertThat(scrape.value("io_zotj_service_api_V2Resource_get_count"))
        .as("skopeo's pull and the two manifest GETs").isGreaterThanOrEqualTo(3.0);
  }

  @Test
  @Order(4)
  void doesNotCountItsOwnScrapes() throws Exception {
    double before = Scrape.of(zot.uri("/metrics")).sum("zot_http_requests_total{");
    double after = Scrape.of(zot.uri("/metrics")).sum("zot_http_requests_total{");

    assertThat(after).isEqualTo(before);
  }

  @Test
  @Order(5)
  void reportsTheRepositorysBytesInStorage() throws Exception {
    long onDisk;
    try (Stream<Path> files = Files.walk(zot.root().resolve(REPO))) {
      onDisk = files.filter(Files::isRegularFile)
          .filter(p -> !p.toString().contains("/.uploads/"))
          .mapToLong(p -> p.toFile().length()).sum();
    }
    String series = "zot_repo_storage_bytes{repo=\"" + REPO + "\"}";
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Double seen = null;
    while (System.nanoTime() < deadline) {
      seen = Scrape.of(zot.uri("/metrics")).valueOrNull(series);
      if (seen != null && seen == onDisk) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(seen).isEqualTo((double) onDisk);
  }

  @Test
  @Order(6)
  void labelsOnlyRepositoriesThatExist() throws Exception {
    double before = Scrape.of(zot.uri("/metrics"))
        .value("zot_http_repo_latency_seconds_count{repo=\"N/A\"}");
    int requests = 10_000;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        URI uri = zot.uri("/v2/made-up/name-" + i + "/manifests/latest");
        answers.add(pool.submit(() -> get(uri)));
      }
      for (Future<Integer> answer : answers) {
        assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo(404);
      }
    } finally {
      pool.shutdownNow();
    }

    String notApplicable = "zot_http_repo_latency_seconds_count{repo=\"N/A\"}";
    Scrape scrape = Scrape.awaiting(zot.uri("/metrics"), notApplicable, before + requests);
    assertThat(scrape.text()).doesNotContain("made-up");
    assertThat(scrape.value(notApplicable) - before).isEqualTo(requests);
    assertThat(scrape.value("zot_http_requests_total{code=\"404\",method=\"GET\"}"))
        .isGreaterThanOrEqualTo(requests);
  }

  @Test
  @Order(7)
  void passesPromtoolsCheckBeyondNamingStyleOfBridgedSeries() throws Exception {
    Path file = dir.resolve("scrape.txt");
    Files.writeString(file, Scrape.of(zot.uri("/metrics")).text());

    Processes.Result check = processes.run("sh", "-c", "promtool check metrics < " + file);

    String findings = check.stdout() + check.stderr();
    assertThat(check.exitCode()).as(findings).isIn(0, 3);
    assertThat(findings).doesNotContain("error while linting");
    for (String line : findings.lines().filter(l -> !l.isBlank()).toList()) {
      // Dropwizard's names (Jetty's classes, JVM gauges) keep their camelCase and _count
      // words through the bridge; zot's own series pass, save the labels of zot_info and
      // zot_storage_lock_latency_seconds, which are zot's own (binaryType, goVersion,
      // storageName, lockType) and kept for its dashboards.
      assertThat(line).as(findings).satisfiesAnyOf(
          l -> assertThat(l).doesNotStartWith("zot_")
              .containsAnyOf("'snake_case' not 'camelCase'", "should not have \"_count\""),
          l -> assertThat(l).startsWith("zot_info label names should be written in"),
          l -> assertThat(l).startsWith(
              "zot_storage_lock_latency_seconds label names should be written in"));
    }
  }

  @Test
  @Order(8)
  void servesTheSameTextOnTheAdminPort() throws Exception {
    Scrape admin = Scrape.of(zot.adminUri("/prometheus"));

    assertThat(admin.value("zot_repo_uploads_total{repo=\"" + REPO + "\"}")).isEqualTo(1.0);
    assertThat(get(zot.adminUri("/metrics"))).as("Dropwizard's JSON stays").isEqualTo(200);
  }

  @Test
  @Order(9)
  void aPrometheusServerScrapesTheEndpoint() throws Exception {
    int port = ServiceConfig.freePort();
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 1s
        scrape_configs:
          - job_name: zot
            metrics_path: /metrics
            static_configs:
              - targets: ["%s"]
        """.formatted(zot.hostPort()));
    Path data = Files.createDirectories(dir.resolve("prometheus-data"));
    Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + config,
        "--storage.tsdb.path=" + data, "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile())
        .start();
    try {
      String query = "zot_repo_uploads_total{repo=\"" + REPO + "\",job=\"zot\"}";
      URI api = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
          + URLEncoder.encode(query, StandardCharsets.UTF_8));
      String value = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (value == null && System.nanoTime() < deadline && prometheus.isAlive()) {
        value = queryValue(api);
        if (value == null) {
          Thread.sleep(500);
        }
      }
      assertThat(value).as(Files.readString(dir.resolve("prometheus.log"))).isEqualTo("1");
      dashboardQueriesRun(port);
    } finally {
      prometheus.destroy();
      if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor();
      }
    }
  }

  @Test
  @Order(10)
  void withoutTheJarThereIsNoRouteAndEnablingMetricsFailsNamingTheJar() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("no-plugins"));
    try (ZotProcess bare = ZotProcess.start(dir.resolve("bare"), empty, "")) {
      assertThat(get(bare.uri("/metrics"))).isEqualTo(404);
      assertThat(get(bare.adminUri("/prometheus"))).isEqualTo(404);
    }

    Path config = dir.resolve("metrics-on.yaml");
    Files.writeString(config, "storage:\n  rootDirectory: " + dir.resolve("s")
        + "\nextensions:\n  metrics:\n    enable: true\n");
    Processes.Result verify = processes.run(ZotProcess.java(), "-Dzot.plugins=" + empty,
        "-jar", ZotProcess.jar().toString(), "verify", config.toString());

    assertThat(verify.exitCode()).isNotZero();
    assertThat(verify.stdout() + verify.stderr()).contains("extensions.metrics")
        .contains("zot-ext-metrics.jar").contains(empty.toString());
  }

  /** Every query of the example Grafana dashboard is valid PromQL on what was scraped. */
  private static void dashboardQueriesRun(int port) throws Exception {
    JsonNode dashboard = JsonMapper.builder().build()
        .readTree(EXAMPLES.resolve("grafana-dashboard.json").toFile());
    List<String> exprs = dashboard.findValuesAsText("expr");
    assertThat(exprs).hasSizeGreaterThan(5);
    for (String expr : exprs) {
      String query = expr.replace("$job", "zot");
      URI api = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
          + URLEncoder.encode(query, StandardCharsets.UTF_8));
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(api)
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(query + " -> " + r.body()).isEqualTo(200);
    }
  }

  @Test
  @Order(11)
  void theExampleFilesAreValid() throws Exception {
    processes.run("promtool", "check", "config",
        EXAMPLES.resolve("prometheus.yml").toString()).ok();
    processes.run(ZotProcess.java(), "-Dzot.plugins=" + pluginsBuilt(), "-jar",
        ZotProcess.jar().toString(), "verify",
        EXAMPLES.resolve("config-metrics.yaml").toString()).ok();
  }

  @Test
  @Order(12)
  void onlyTheMetricsUsersMayReadTheEndpointWhenAccessControlIsOn() throws Exception {
    Path htpasswd = dir.resolve("htpasswd");
    Files.writeString(htpasswd, processes.run("htpasswd", "-nbB", "alice", "alice-pw").ok()
        + processes.run("htpasswd", "-nbB", "bob", "bob-pw").ok());
    String yaml = """
        http:
          auth:
            htpasswd:
              path: "%s"
          accessControl:
            metrics:
              users: [alice]
            repositories:
              "**":
                defaultPolicy: [read]
        extensions:
          metrics: {}
        """.formatted(htpasswd);
    try (ZotProcess secured = ZotProcess.start(dir.resolve("secured"), pluginsBuilt(), yaml)) {
      URI metrics = secured.uri("/metrics");
      assertThat(get(metrics)).isEqualTo(401);
      assertThat(getAs(metrics, "bob", "bob-pw")).isEqualTo(403);
      assertThat(getAs(metrics, "alice", "wrong")).isEqualTo(401);
      assertThat(getAs(metrics, "alice", "alice-pw")).isEqualTo(200);
    }
  }

  private static int getAs(URI uri, String user, String password) throws Exception {
    String basic = java.util.Base64.getEncoder().encodeToString(
        (user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", "Basic " + basic)
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static Path pluginsBuilt() {
    String built = System.getProperty("zot.plugins.built");
    assertThat(built).as("failsafe sets zot.plugins.built").isNotNull();
    assertThat(Path.of(built, "zot-ext-metrics.jar")).isRegularFile();
    return Path.of(built);
  }

  private static String queryValue(URI api) throws InterruptedException {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(api)
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode result = JsonMapper.builder().build().readTree(r.body()).path("data")
          .path("result");
      return result.size() == 1 ? result.get(0).path("value").get(1).asText() : null;
    } catch (IOException e) {
      return null;
    }
  }

  static int get(URI uri) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** One scrape of a Prometheus text endpoint, by series as printed. */
  record Scrape(String text, Map<String, Double> series) {

    static Scrape of(URI uri) throws IOException, InterruptedException {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri)
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
      Map<String, Double> series = new java.util.HashMap<>();
      r.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(line -> {
        int space = line.lastIndexOf(' ');
        series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      });
      return new Scrape(r.body(), series);
    }

    /**
     * Scrapes until {@code series} reaches {@code least} or 20 s pass: events are published
     * after each response is sent, so a client can see its answer before it is counted.
     */
    static Scrape awaiting(URI uri, String series, double least) throws Exception {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      Scrape scrape = of(uri);
      while (System.nanoTime() < deadline
          && (scrape.valueOrNull(series) == null || scrape.valueOrNull(series) < least)) {
        Thread.sleep(100);
        scrape = of(uri);
      }
      return scrape;
    }

    double value(String name) {
      Double value = valueOrNull(name);
      assertThat(value).as("series " + name + " in\n" + text).isNotNull();
      return value;
    }

    Double valueOrNull(String name) {
      return series.get(name);
    }

    double sum(String prefix) {
      return series.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
          .mapToDouble(Map.Entry::getValue).sum();
    }
  }
}
