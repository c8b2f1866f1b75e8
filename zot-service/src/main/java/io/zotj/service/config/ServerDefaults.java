package io.zotj.service.config;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.logging.common.AppenderFactory;
import io.dropwizard.logging.common.ConsoleAppenderFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.logging.common.FileAppenderFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import io.zotj.service.tls.PemHttpsConnectorFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.UriCompliance;

/**
 * Dropwizard's {@code server} and {@code logging} sections as they follow from zot's
 * {@code http} and {@code log} when a file does not give them.
 */
public final class ServerDefaults {

  /** The admin connector (health checks, metrics, tasks) listens here unless told otherwise. */
  public static final String ADMIN_HOST = "127.0.0.1";

  /** The admin connector's port; 0 (any free port) when {@code http.port} is 0. */
  public static final int ADMIN_PORT = 8081;

  /**
   * Jetty's URI rules minus its rejection of ambiguous encodings, so that a path with
   * {@code %2e%2e} or {@code %2F} reaches the registry, which answers with an OCI error, instead
   * of Jetty answering with an HTML 400.
   */
  public static final UriCompliance URI_COMPLIANCE = UriCompliance.DEFAULT.with("zot",
      UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT,
      UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
      UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
      UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT,
      UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS);

  /** Third-party loggers kept at INFO when zot's level is debug, else WARN: they would drown
   * the registry's own lines. */
  public static final List<String> NOISY_LOGGERS =
      List.of("org.eclipse.jetty", "org.glassfish", "org.hibernate", "io.dropwizard");

  private ServerDefaults() {}

  /**
   * One application connector on http.address:http.port, HTTPS when {@code http.tls} names a
   * certificate and key; the admin one on loopback.
   */
  public static DefaultServerFactory server(HttpConfig http, LogConfig log) {
    HttpConnectorFactory application = http.tls()
        .filter(t -> t.cert().isPresent() && t.key().isPresent())
        .<HttpConnectorFactory>map(t -> new PemHttpsConnectorFactory(Path.of(t.cert().get()),
            Path.of(t.key().get()), t.cacert().map(Path::of)))
        .orElseGet(HttpConnectorFactory::new);
    application.setBindHost(http.address());
    application.setPort(http.port());
    application.setUriCompliance(URI_COMPLIANCE);

    HttpConnectorFactory admin = new HttpConnectorFactory();
    admin.setBindHost(ADMIN_HOST);
    admin.setPort(http.port() == 0 ? 0 : ADMIN_PORT);

    DefaultServerFactory server = new DefaultServerFactory();
    // Go clients ask for gzip on every request; layers are compressed already and manifests are
    // small, so compressing responses would only burn CPU.
    server.getGzipFilterFactory().setEnabled(false);
    server.setApplicationConnectors(List.<ConnectorFactory>of(application));
    server.setAdminConnectors(List.<ConnectorFactory>of(admin));
    if (!log.isDebug()) {
      LogbackAccessRequestLogFactory requestLog = new LogbackAccessRequestLogFactory();
      requestLog.setAppenders(List.of());
      server.setRequestLogFactory(requestLog);
    }
    return server;
  }

  /** The root level from log.level; stdout, or log.output rotated daily with 7 archives. */
  public static DefaultLoggingFactory logging(LogConfig log) {
    DefaultLoggingFactory logging = new DefaultLoggingFactory();
    logging.setLevel(log.level().toUpperCase(Locale.ROOT));
    // Third-party start-up chatter gives way to the registry's own lifecycle lines: INFO when
    // the operator asked for debug, WARN otherwise.
    Map<String, JsonNode> loggers = new LinkedHashMap<>();
    String quiet = log.isDebug() ? "INFO" : "WARN";
    NOISY_LOGGERS.forEach(name -> loggers.put(name, TextNode.valueOf(quiet)));
    // Jetty logs a client's malformed Host header at WARN, with the client's bytes in it: a
    // client error, which never reaches WARN here.
    loggers.put("org.eclipse.jetty.util.HostPort", TextNode.valueOf("ERROR"));
    logging.setLoggers(loggers);
    AppenderFactory<ILoggingEvent> appender = log.output()
        .<AppenderFactory<ILoggingEvent>>map(ServerDefaults::file)
        .orElseGet(ConsoleAppenderFactory::new);
    logging.setAppenders(List.of(appender));
    return logging;
  }

  /** The archive name pattern of a log file: {@code zot.log} rotates to zot-2026-01-31.log.gz. */
  public static String archivePattern(String output) {
    int dot = output.lastIndexOf('.');
    int slash = output.lastIndexOf('/');
    boolean hasExtension = dot > slash + 1;
    String base = hasExtension ? output.substring(0, dot) : output;
    String extension = hasExtension ? output.substring(dot) : ".log";
    return base + "-%d" + extension + ".gz";
  }

  private static FileAppenderFactory<ILoggingEvent> file(String output) {
    FileAppenderFactory<ILoggingEvent> file = new FileAppenderFactory<>();
    file.setCurrentLogFilename(output);
    file.setArchive(true);
    file.setArchivedLogFilenamePattern(archivePattern(output));
    file.setArchivedFileCount(7);
    return file;
  }
}
