package io.zotj.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** YAML as operators write it: anchors and aliases work; what YAML forbids is refused. */
class YamlFeaturesTest {

  @TempDir Path dir;

  @Test
  void anAliasTakesTheValueOfItsAnchor() throws Exception {
    ZotConfiguration config = new ConfigFiles(dir).load("c.yaml", """
        storage:
          rootDirectory: &root %s
          gcDelay: &delay 2h
        http:
          port: &port 5000
        extensions:
          scrub:
            enable: false
            interval: *delay
        """.formatted(dir.resolve("data")));

    assertThat(config.storage().rootDirectory()).isEqualTo(dir.resolve("data"));
    assertThat(config.http().port()).isEqualTo(5000);
  }

  @Test
  void anUndefinedAliasIsAProblem() throws Exception {
    assertThat(new ConfigFiles(dir).problems("c.yaml", """
        storage:
          rootDirectory: *nowhere
        """)).singleElement().asString().contains("not valid YAML").contains("nowhere");
  }

  @Test
  void aSecondDocumentIsAProblemNotSilentlyIgnored() throws Exception {
    assertThat(new ConfigFiles(dir).problems("c.yaml", """
        storage:
          rootDirectory: /tmp/a
        ---
        storage:
          rootDirectory: /tmp/b
        """)).singleElement().asString().contains("not valid YAML");
  }

  @Test
  void aDuplicateKeyIsAProblem() throws Exception {
    assertThat(new ConfigFiles(dir).problems("c.yaml", """
        storage:
          rootDirectory: /tmp/a
          rootDirectory: /tmp/b
        """)).singleElement().asString().contains("not valid YAML").contains("rootDirectory");
  }
}
