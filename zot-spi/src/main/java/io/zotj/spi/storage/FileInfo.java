package io.zotj.spi.storage;

import java.time.Instant;

/**
 * What a driver knows of one path.
 *
 * @param path the path that was asked about
 * @param size bytes in the file; 0 for a directory
 * @param modified time of the last change of the content
 * @param directory whether the path is a directory (or, for object stores, a common prefix)
 */
public record FileInfo(String path, long size, Instant modified, boolean directory) {}
