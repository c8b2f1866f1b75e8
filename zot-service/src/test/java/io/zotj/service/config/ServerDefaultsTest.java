package io.zotj.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.logging.common.ConsoleAppenderFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.logging.common.FileAppenderFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import java.nio.file.Path;
import org.eclipse.jetty.http.UriCompliance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerDefaultsTest {

  @TempDir Path dir;

  private ZotConfiguration load(String yaml) throws Exception {
    return new ConfigFiles(dir).load("c.yaml", ConfigFiles.minimalYaml("/srv/zot") + yaml);
  }

  private static HttpConnectorFactory application(ZotConfiguration c) {
    return (HttpConnectorFactory) ((DefaultServerFactory) c.getServerFactory())
        .getApplicationConnectors().get(0);
  }

  private static HttpConnectorFactory admin(ZotConfiguration c) {
    return (HttpConnectorFactory) ((DefaultServerFactory) c.getServerFactory())
        .getAdminConnectors().get(0);
  }

  @Test
  void listensWhereHttpSaysAndKeepsAdminOnLoopback() throws Exception {
    ZotConfiguration c = load("http:\n  address: 0.0.0.0\n  port: 5000\n");

    DefaultServerFactory server = (DefaultServerFactory) c.getServerFactory();
    assertThat(server.getApplicationConnectors()).hasSize(1);
    assertThat(application(c).getBindHost()).isEqualTo("0.0.0.0");
    assertThat(application(c).getPort()).isEqualTo(5000);
    assertThat(server.getAdminConnectors()).hasSize(1);
    assertThat(admin(c).getBindHost()).isEqualTo(ServerDefaults.ADMIN_HOST)
        .isEqualTo("127.0.0.1");
    assertThat(admin(c).getPort()).isEqualTo(ServerDefaults.ADMIN_PORT).isEqualTo(8081);
  }

  @Test
  void portZeroPutsTheAdminConnectorOnAFreePortToo() throws Exception {
    ZotConfiguration c = load("http:\n  port: 0\n");

    assertThat(application(c).getPort()).isZero();
    assertThat(admin(c).getPort()).isZero();
  }

  @Test
  void letsAmbiguousEncodingsThroughToTheApplication() throws Exception {
    UriCompliance compliance = application(load("")).getUriCompliance();

    assertThat(compliance.allows(UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT)).isTrue();
    assertThat(compliance.allows(UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR)).isTrue();
    assertThat(UriCompliance.DEFAULT.allows(UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR))
        .isFalse();
  }

  @Test
  void writesARequestLogOnlyAtDebug() throws Exception {
    DefaultServerFactory info = (DefaultServerFactory) load("log:\n  level: info\n")
        .getServerFactory();
    DefaultServerFactory debug = (DefaultServerFactory) load("log:\n  level: debug\n")
        .getServerFactory();

    assertThat(info.getRequestLogFactory().isEnabled()).isFalse();
    assertThat(debug.getRequestLogFactory().isEnabled()).isTrue();
    assertThat(((LogbackAccessRequestLogFactory) info.getRequestLogFactory()).getAppenders())
        .isEmpty();
  }

  @Test
  void logsAtZotsLevelToStdoutByDefault() throws Exception {
    DefaultLoggingFactory warn = (DefaultLoggingFactory) load("log:\n  level: warn\n")
        .getLoggingFactory();
    DefaultLoggingFactory absent = (DefaultLoggingFactory) load("").getLoggingFactory();

    assertThat(warn.getLevel()).isEqualTo("WARN");
    assertThat(warn.getLoggers()).containsEntry("org.eclipse.jetty.util.HostPort",
        com.fasterxml.jackson.databind.node.TextNode.valueOf("ERROR"));
    assertThat(warn.getLoggers()).allSatisfy((name, level) -> assertThat(level.asText())
        .isIn("WARN", "ERROR"));
    assertThat(warn.getAppenders()).singleElement().isInstanceOf(ConsoleAppenderFactory.class);
    assertThat(absent.getLevel()).isEqualTo("DEBUG");
  }

  @Test
  void keepsNoisyLibrariesAtInfoWhenZotLogsAtDebug() throws Exception {
    DefaultLoggingFactory debug = (DefaultLoggingFactory) load("log:\n  level: debug\n")
        .getLoggingFactory();

    assertThat(debug.getLoggers()).containsOnlyKeys("org.eclipse.jetty", "org.glassfish",
        "org.hibernate", "io.dropwizard", "org.eclipse.jetty.util.HostPort");
    assertThat(debug.getLoggers()).allSatisfy((name, level) -> assertThat(level.asText())
        .isEqualTo(name.endsWith("HostPort") ? "ERROR" : "INFO"));
  }

  @Test
  void writesToLogOutputWithDailyArchives() throws Exception {
    String file = dir.resolve("zot.log").toString();
    DefaultLoggingFactory logging = (DefaultLoggingFactory) load("log:\n  level: info\n"
        + "  output: " + file + "\n").getLoggingFactory();

    FileAppenderFactory<?> appender = (FileAppenderFactory<?>) logging.getAppenders().get(0);
    assertThat(appender.getCurrentLogFilename()).isEqualTo(file);
    assertThat(appender.isArchive()).isTrue();
    assertThat(appender.getArchivedLogFilenamePattern())
        .isEqualTo(dir.resolve("zot-%d.log.gz").toString());
    assertThat(appender.isValidArchiveConfiguration()).isTrue();
    assertThat(ServerDefaults.archivePattern("/var/log/zot")).isEqualTo("/var/log/zot-%d.log.gz");
  }

  @Test
  void anExplicitServerOrLoggingSectionWins() throws Exception {
    ZotConfiguration c = load("""
        http:
          port: 5000
        server:
          applicationConnectors:
            - type: http
              bindHost: 127.0.0.1
              port: 6000
          adminConnectors:
            - type: http
              bindHost: 127.0.0.1
              port: 6001
        logging:
          level: ERROR
        """);

    assertThat(application(c).getPort()).isEqualTo(6000);
    assertThat(admin(c).getPort()).isEqualTo(6001);
    assertThat(((DefaultLoggingFactory) c.getLoggingFactory()).getLevel()).isEqualTo("ERROR");
    assertThat(c.http().port()).isEqualTo(5000);
  }

  @Test
  void aServerSectionThatNamesOnlySomeKeysKeepsTheRestAsDerived() throws Exception {
    ZotConfiguration c = load("""
        http:
          address: 127.0.0.1
          port: 5000
        server:
          adminConnectors:
            - type: http
              bindHost: 127.0.0.1
              port: 6001
          maxThreads: 64
        """);

    // the application connector still follows http: not Dropwizard's 0.0.0.0:8080
    assertThat(application(c).getPort()).isEqualTo(5000);
    assertThat(application(c).getBindHost()).isEqualTo("127.0.0.1");
    assertThat(admin(c).getPort()).isEqualTo(6001);
    DefaultServerFactory server = (DefaultServerFactory) c.getServerFactory();
    assertThat(server.getMaxThreads()).isEqualTo(64);
    assertThat(server.getGzipFilterFactory().isEnabled()).isFalse();
  }

  @Test
  void aServerSectionMayStillTurnGzipOn() throws Exception {
    ZotConfiguration c = load("""
        server:
          type: default
          gzip:
            enabled: true
        """);

    DefaultServerFactory server = (DefaultServerFactory) c.getServerFactory();
    assertThat(server.getGzipFilterFactory().isEnabled()).isTrue();
    assertThat(application(c).getPort()).isEqualTo(8080);
    assertThat(application(c).getBindHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void collectsEveryUnknownKeyOfADropwizardSection() throws Exception {
    assertThat(new ConfigFiles(dir).problems("c.yaml", ConfigFiles.minimalYaml("/srv/zot") + """
        server:
          maxThreds: 10
          adminConnectors:
            - type: http
              prot: 1
        logging:
          levle: INFO
        """)).containsExactly(
            "server.maxThreds: unknown key; did you mean 'maxThreads'?",
            "server.adminConnectors[0].prot: unknown key; did you mean 'port'?",
            "logging.levle: unknown key; did you mean 'level'?");
  }
}
