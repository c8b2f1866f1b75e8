import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Build step of the embedded cache driver: Chronicle Map keeps its shared state in "value"
 * interfaces whose implementation Chronicle Values writes as Java source and compiles with
 * javac when a map is first opened, unless the class is already on the class path. That
 * compilation loads the whole compiler and took one to two seconds of every start-up, so the
 * classes are generated here, once, and shipped in the jar.
 *
 * <p>Run with the module's class path: {@code java GenerateChronicleValues.java CLASSES_DIR
 * VALUE_INTERFACE...}.
 */
public class GenerateChronicleValues {

  public static void main(String[] args) throws Exception {
    Path classes = Path.of(args[0]);
    Path sources = Files.createTempDirectory("chronicle-values");
    Class<?> modelType = Class.forName("net.openhft.chronicle.values.ValueModel");
    Method acquire = modelType.getMethod("acquire", Class.class);
    Method generate = Class.forName("net.openhft.chronicle.values.Generators")
        .getDeclaredMethod("generateNativeClass", modelType, String.class);
    generate.setAccessible(true);
    List<String> files = new java.util.ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      Class<?> type = Class.forName(args[i]);
      String simpleName = type.getSimpleName() + "$$Native";
      String source = (String) generate.invoke(null, acquire.invoke(null, type), simpleName);
      Path file = sources.resolve(type.getPackageName().replace('.', '/'))
          .resolve(simpleName + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source, StandardCharsets.UTF_8);
      files.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> options = new java.util.ArrayList<>(List.of("--release", "17", "-nowarn",
        "-proc:none", "-classpath", System.getProperty("java.class.path"),
        "-d", classes.toString()));
    options.addAll(files);
    int status = javac.run(null, null, null, options.toArray(String[]::new));
    deleteTree(sources);
    if (status != 0) {
      throw new IllegalStateException("javac failed on the generated Chronicle value classes");
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
