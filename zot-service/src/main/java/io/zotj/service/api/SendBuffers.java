package io.zotj.service.api;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Direct buffers for sending blob files, kept for reuse: allocating and freeing direct memory
 * per request costs more than the copy it saves. At most {@link #KEPT} are kept; a burst beyond
 * that allocates buffers that are left to the garbage collector.
 */
final class SendBuffers {

  static final int SIZE = 256 * 1024;
  private static final int KEPT = 32;
  private static final ArrayBlockingQueue<ByteBuffer> FREE = new ArrayBlockingQueue<>(KEPT);

  private SendBuffers() {}

  static ByteBuffer take() {
    ByteBuffer buffer = FREE.poll();
    return buffer != null ? buffer : ByteBuffer.allocateDirect(SIZE);
  }

  static void give(ByteBuffer buffer) {
    FREE.offer(buffer.clear());
  }
}
