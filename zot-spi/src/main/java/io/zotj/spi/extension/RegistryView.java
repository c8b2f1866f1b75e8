package io.zotj.spi.extension;

import java.util.List;

/**
 * What an extension may read of the registry's contents. Names are repository names as clients
 * use them ({@code library/alpine}).
 */
public interface RegistryView {

  /** Every repository in lexical order. */
  List<String> repositories() throws Exception;

  /** Whether a repository of that name exists; false for any name that is not valid. */
  boolean exists(String repository);

  /** The tags of a repository in lexical order; empty if it does not exist. */
  List<String> tags(String repository) throws Exception;

  /**
   * The bytes a repository takes in storage: its blobs, manifests and index, counted once per
   * repository (a blob shared with another repository counts in both); 0 if it does not exist.
   */
  long storageBytes(String repository) throws Exception;
}
