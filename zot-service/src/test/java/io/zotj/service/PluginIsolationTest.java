package io.zotj.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The architecture rule that keeps plug-ins replaceable: no class of a plug-in module
 * ({@code storage-drivers/*}, {@code extensions/*}) refers to a class of {@code zot-service}.
 * Reads every compiled class's constant pool, where each type a class uses is named.
 */
class PluginIsolationTest {

  private static final Path ROOT = Path.of("..");
  private static final String CORE = "io/zotj/service/";

  @Test
  void noPluginModuleReferencesTheService() throws IOException {
    List<Path> modules = pluginModules();
    assertThat(modules).as("compiled plug-in modules (build them first)")
        .anySatisfy(m -> assertThat(m.toString()).contains("storage-drivers"))
        .anySatisfy(m -> assertThat(m.toString()).contains("extensions"));

    List<String> offenders = new ArrayList<>();
    int classes = 0;
    for (Path module : modules) {
      try (Stream<Path> files = Files.walk(module)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
          classes++;
          for (String name : utf8Constants(file)) {
            if (name.contains(CORE)) {
              offenders.add(ROOT.relativize(file) + " uses " + name);
            }
          }
        }
      }
    }

    assertThat(classes).isPositive();
    assertThat(offenders).isEmpty();
  }

  @Test
  void theScanSeesAReferenceWhenThereIsOne() throws IOException {
    Path own = Path.of("target", "classes", "io", "zotj", "service", "RegistryWiring.class");

    assertThat(utf8Constants(own)).anySatisfy(c -> assertThat(c).contains(CORE));
  }

  private static List<Path> pluginModules() throws IOException {
    List<Path> found = new ArrayList<>();
    for (String group : List.of("storage-drivers", "extensions")) {
      try (Stream<Path> modules = Files.list(ROOT.resolve(group))) {
        modules.map(m -> m.resolve("target/classes")).filter(Files::isDirectory)
            .forEach(found::add);
      }
    }
    return found;
  }

  /** The text constants of a class file: every class name and type descriptor it uses. */
  static List<String> utf8Constants(Path classFile) throws IOException {
    List<String> texts = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(classFile);
        DataInputStream in = new DataInputStream(raw)) {
      if (in.readInt() != 0xCAFEBABE) {
        throw new IOException(classFile + " is not a class file");
      }
      in.readUnsignedShort();
      in.readUnsignedShort();
      int count = in.readUnsignedShort();
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> texts.add(in.readUTF());
          case 7, 8, 16, 19, 20 -> in.skipBytes(2);
          case 15 -> in.skipBytes(3);
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
          case 5, 6 -> {
            in.skipBytes(8);
            i++;
          }
          default -> throw new IOException(classFile + ": unknown constant tag " + tag);
        }
      }
    }
    return texts;
  }
}
