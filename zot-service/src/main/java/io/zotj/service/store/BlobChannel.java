package io.zotj.service.store;

import io.zotj.service.oci.Digest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly {@code length} bytes of a blob file, then end of stream. When the whole blob is read
 * and {@code verify} is on, the bytes are hashed as they pass and the read that would hand out
 * the last of them first checks the digest: a client never receives a complete body of wrong
 * bytes (the response breaks off instead). A file shorter than promised fails the same way.
 */
final class BlobChannel implements ReadableByteChannel {

  private static final Logger LOG = LoggerFactory.getLogger(BlobChannel.class);

  private final ReadableByteChannel in;
  private final Digest digest;
  private final long length;
  private final MessageDigest md;
  private final Runnable onVerified;
  private long position;

  /**
   * @param md the running hash of a whole blob, or null to pass bytes unchecked (a range)
   * @param onVerified runs once when the whole blob has been read and matched its digest
   */
  BlobChannel(ReadableByteChannel in, Digest digest, long length, MessageDigest md,
      Runnable onVerified) {
    this.in = in;
    this.digest = digest;
    this.length = length;
    this.md = md;
    this.onVerified = onVerified;
  }

  @Override
  public int read(ByteBuffer target) throws IOException {
    long left = length - position;
    if (left == 0) {
      return -1;
    }
    int limit = target.limit();
    int start = target.position();
    if (target.remaining() > left) {
      target.limit(start + (int) left);
    }
    int n;
    try {
      n = in.read(target);
    } finally {
      target.limit(limit);
    }
    if (n < 0) {
      throw damaged("ends after " + position + " of " + length + " bytes");
    }
    if (md != null && n > 0) {
      md.update(target.duplicate().limit(start + n).position(start));
    }
    position += n;
    if (position == length && md != null) {
      Digest actual = Digest.fromMessageDigest(digest.algorithm(), md);
      if (!actual.equals(digest)) {
        throw damaged("does not match its digest (content is " + actual + ")");
      }
      onVerified.run();
    }
    return n;
  }

  @Override
  public boolean isOpen() {
    return in.isOpen();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private IOException damaged(String what) {
    LOG.error("Blob {} {}: not served; run scrub", digest, what);
    return new IOException("blob " + digest + " " + what);
  }
}
