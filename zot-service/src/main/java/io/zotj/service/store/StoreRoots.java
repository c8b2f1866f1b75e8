package io.zotj.service.store;

import io.zotj.service.oci.RepositoryName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The storage roots of the registry; the global one first, subPaths by longest prefix. */
public final class StoreRoots {

  private final StoreRoot global;
  private final List<StoreRoot> subPaths;

  public StoreRoots(StoreRoot global, List<StoreRoot> subPaths) {
    this.global = global;
    List<StoreRoot> sorted = new ArrayList<>(subPaths);
    sorted.sort(Comparator.comparingInt((StoreRoot r) -> r.prefix().length()).reversed());
    this.subPaths = List.copyOf(sorted);
  }

  /** One root with no subPaths. */
  public static StoreRoots single(StoreRoot global) {
    return new StoreRoots(global, List.of());
  }

  public StoreRoot global() {
    return global;
  }

  /** Every root: the global one, then the subPaths. */
  public List<StoreRoot> all() {
    List<StoreRoot> all = new ArrayList<>();
    all.add(global);
    all.addAll(subPaths);
    return all;
  }

  public List<StoreRoot> subPaths() {
    return subPaths;
  }

  /** The root that holds repository {@code repo}. */
  public StoreRoot of(RepositoryName repo) {
    return ofPath(repo.value());
  }

  /** The root that holds the relative path {@code path} (a repository's file or folder). */
  StoreRoot ofPath(String path) {
    for (StoreRoot root : subPaths) {
      if (root.holds(path)) {
        return root;
      }
    }
    return global;
  }
}
