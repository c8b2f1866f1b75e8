package io.zotj.service.clients;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A minimal POSIX ustar writer for image layers: directories, regular files and symbolic links,
 * written in name order with owner 0:0 and modification time 0 so that a folder always gives the
 * same bytes. Names longer than 100 bytes are split into the ustar prefix field.
 *
 * @see <a href="https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html">
 *     pax, ustar interchange format</a>
 */
final class UstarWriter {

  private static final int BLOCK = 512;
  private static final byte REGULAR = '0';
  private static final byte SYMLINK = '2';
  private static final byte DIRECTORY = '5';

  private final OutputStream out;

  UstarWriter(OutputStream out) {
    this.out = out;
  }

  /** Writes {@code folder} and everything below it, named by its absolute path without "/". */
  void addTree(Path folder) throws IOException {
    add(folder);
    if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      List<Path> children;
      try (Stream<Path> list = Files.list(folder)) {
        children = new ArrayList<>(list.sorted().toList());
      }
      for (Path child : children) {
        addTree(child);
      }
    }
  }

  /** Ends the archive with two zero blocks; the underlying stream stays open. */
  void finish() throws IOException {
    out.write(new byte[2 * BLOCK]);
    out.flush();
  }

  private void add(Path path) throws IOException {
    PosixFileAttributes attrs = Files.readAttributes(path, PosixFileAttributes.class,
        LinkOption.NOFOLLOW_LINKS);
    String name = path.toAbsolutePath().toString().substring(1);
    int mode = permissions(attrs);
    if (attrs.isSymbolicLink()) {
      out.write(header(name, mode, 0, SYMLINK, Files.readSymbolicLink(path).toString()));
    } else if (attrs.isDirectory()) {
      out.write(header(name + "/", mode, 0, DIRECTORY, ""));
    } else if (attrs.isRegularFile()) {
      out.write(header(name, mode, attrs.size(), REGULAR, ""));
      long copied = Files.copy(path, out);
      if (copied != attrs.size()) {
        throw new IOException(path + " changed size while it was archived");
      }
      int tail = (int) (copied % BLOCK);
      if (tail != 0) {
        out.write(new byte[BLOCK - tail]);
      }
    }
  }

  private static int permissions(PosixFileAttributes attrs) {
    int mode = 0;
    for (var permission : attrs.permissions()) {
      mode |= 1 << (8 - permission.ordinal());
    }
    return mode;
  }

  static byte[] header(String name, int mode, long size, byte type, String link) {
    byte[] h = new byte[BLOCK];
    byte[] full = name.getBytes(StandardCharsets.UTF_8);
    if (full.length <= 100) {
      put(h, 0, 100, full);
    } else {
      int cut = splitPoint(name, full);
      put(h, 0, 100, name.substring(cut + 1).getBytes(StandardCharsets.UTF_8));
      put(h, 345, 155, name.substring(0, cut).getBytes(StandardCharsets.UTF_8));
    }
    octal(h, 100, 8, mode);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, 0);
    h[156] = type;
    put(h, 157, 100, link.getBytes(StandardCharsets.UTF_8));
    put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
    put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
    put(h, 265, 32, "root".getBytes(StandardCharsets.US_ASCII));
    put(h, 297, 32, "root".getBytes(StandardCharsets.US_ASCII));
    java.util.Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    octal(h, 148, 7, sum);
    return h;
  }

  /** The "/" at which a long name splits into prefix (≤ 155 bytes) and name (≤ 100 bytes). */
  private static int splitPoint(String name, byte[] full) {
    if (full.length != name.length()) {
      throw new IllegalArgumentException("long non-ASCII names are not supported: " + name);
    }
    for (int cut = name.indexOf('/'); cut >= 0; cut = name.indexOf('/', cut + 1)) {
      if (cut <= 155 && name.length() - cut - 1 <= 100) {
        return cut;
      }
    }
    throw new IllegalArgumentException("name too long for ustar: " + name);
  }

  private static void put(byte[] h, int offset, int width, byte[] value) {
    if (value.length > width) {
      throw new IllegalArgumentException("field too long: " + new String(value,
          StandardCharsets.UTF_8));
    }
    System.arraycopy(value, 0, h, offset, value.length);
  }

  /** A zero-padded octal number of width - 1 digits and a NUL. */
  private static void octal(byte[] h, int offset, int width, long value) {
    String digits = Long.toOctalString(value);
    if (digits.length() > width - 1) {
      throw new IllegalArgumentException("value too large for a ustar field: " + value);
    }
    String padded = "0".repeat(width - 1 - digits.length()) + digits;
    put(h, offset, width, (padded + "\0").getBytes(StandardCharsets.US_ASCII));
  }
}
