package io.zotj.service.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layer tars are read back by GNU tar exactly as they were written. */
class UstarWriterTest {

  @TempDir Path tmp;

  @Test
  void writesATreeThatGnuTarExtractsUnchanged() throws Exception {
    Path source = tmp.resolve("source");
    Path deep = source.resolve("a".repeat(60) + "/" + "b".repeat(40) + "/" + "c".repeat(40));
    Files.createDirectories(deep);
    Files.writeString(deep.resolve("long-named-file.txt"), "deep\n");
    Files.write(source.resolve("block.bin"), new byte[512 * 3 + 7]);
    Files.writeString(source.resolve("empty"), "");
    Files.createSymbolicLink(source.resolve("link"), Path.of("block.bin"));
    Path tar = tmp.resolve("tree.tar");
    try (OutputStream out = Files.newOutputStream(tar)) {
      UstarWriter writer = new UstarWriter(out);
      writer.addTree(source);
      writer.finish();
    }
    Path extracted = Files.createDirectories(tmp.resolve("extracted"));

    new Processes(tmp.resolve("home"), Duration.ofSeconds(30))
        .run("tar", "-xf", tar.toString(), "-C", extracted.toString()).ok();

    Path copy = extracted.resolve(source.toString().substring(1));
    Path relative = source.relativize(deep).resolve("long-named-file.txt");
    assertThat(copy.resolve(relative)).hasContent("deep");
    assertThat(Files.mismatch(copy.resolve("block.bin"), source.resolve("block.bin")))
        .isEqualTo(-1L);
    assertThat(copy.resolve("empty")).isEmptyFile();
    assertThat(Files.readSymbolicLink(copy.resolve("link"))).isEqualTo(Path.of("block.bin"));
  }
}
