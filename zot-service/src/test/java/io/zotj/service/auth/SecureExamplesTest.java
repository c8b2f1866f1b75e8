package io.zotj.service.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.zotj.service.config.ZotConfiguration;
import io.zotj.service.config.ZotConfigurationFactory;
import io.zotj.service.plugin.PluginRegistry;
import io.zotj.service.testing.Certificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file of examples/secure reads, with the files it names made as its README says. */
class SecureExamplesTest {

  static final Path EXAMPLES = Path.of("..", "examples", "secure");

  @TempDir static Path etc;

  @BeforeAll
  static void makeTheFiles() throws Exception {
    Certificates certs = new Certificates(etc, "zot-ca");
    certs.server("server");
    Files.copy(certs.caCert(), etc.resolve("token.crt"));
    Commands.run(etc, "htpasswd", "-B", "-b", "-c", "htpasswd", "alice", "alice-secret");
    Files.writeString(etc.resolve("ldap-credentials.json"),
        "{\"bindDN\": \"cn=searcher\", \"bindPassword\": \"x\"}");
  }

  static Stream<Path> examples() throws Exception {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(f -> f.toString().matches(".*\\.(json|yaml)")).sorted().toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everySecureExampleReads(Path example) throws Exception {
    Path file = etc.resolve(example.getFileName());
    Files.writeString(file, Files.readString(example).replace("/etc/zot/", etc + "/"));

    ZotConfiguration config = new ZotConfigurationFactory<>(ZotConfiguration.class,
        Validators.newValidator(), Jackson.newObjectMapper(), "dw",
        () -> PluginRegistry.load(etc.resolve("plugins")))
        .build(new FileConfigurationSourceProvider(), file.toString());

    assertThat(config.http().auth()).isPresent();
  }
}
