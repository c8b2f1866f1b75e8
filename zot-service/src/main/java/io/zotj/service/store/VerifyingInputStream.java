package io.zotj.service.store;

import io.zotj.service.oci.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole blob's bytes, hashed as they pass: the read that would hand out the last bytes first
 * checks the digest and fails if the file no longer matches, so a client never receives a
 * complete body of wrong bytes (the response breaks off instead).
 */
final class VerifyingInputStream extends FilterInputStream {

  private static final Logger LOG = LoggerFactory.getLogger(VerifyingInputStream.class);

  private final Digest digest;
  private final long size;
  private final MessageDigest md;
  private final Runnable onVerified;
  private long position;

  /** @param onVerified runs once when the whole blob has been read and matched its digest */
  VerifyingInputStream(InputStream in, Digest digest, long size, Runnable onVerified) {
    super(in);
    this.digest = digest;
    this.size = size;
    this.md = digest.algorithm().newMessageDigest();
    this.onVerified = onVerified;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    if (n < 0) {
      if (position != size) {
        throw damaged("ends after " + position + " of " + size + " bytes");
      }
      return n;
    }
    md.update(buffer, offset, n);
    position += n;
    if (position > size) {
      throw damaged("is longer than " + size + " bytes");
    }
    if (position == size) {
      Digest actual = Digest.fromMessageDigest(digest.algorithm(), md);
      if (!actual.equals(digest)) {
        throw damaged("does not match its digest (content is " + actual + ")");
      }
      onVerified.run();
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("a verified blob stream cannot skip");
  }

  private IOException damaged(String what) {
    LOG.error("Blob {} {}: not served; run scrub", digest, what);
    return new IOException("blob " + digest + " " + what);
  }
}
