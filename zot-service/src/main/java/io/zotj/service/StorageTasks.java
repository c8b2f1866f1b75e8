package io.zotj.service;

import com.codahale.metrics.health.HealthCheck;
import io.dropwizard.core.setup.Environment;
import io.zotj.service.config.ExtensionsConfig.ScrubConfig;
import io.zotj.service.oci.RepositoryName;
import io.zotj.service.store.DedupeMaintenance;
import io.zotj.service.store.GarbageCollector;
import io.zotj.service.store.RegistryStore;
import io.zotj.service.store.Scrubber;
import io.zotj.service.store.StoreRoot;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background work on storage: the dedupe index rebuild (or re-duplication) at start, GC
 * periodically or after deletions, the idle-upload sweep and the periodic scrub; plus the
 * readiness report of the rebuild on the admin port ({@code /ready}), apart from liveness.
 */
final class StorageTasks {

  private static final Logger LOG = LoggerFactory.getLogger(StorageTasks.class);

  /** How often abandoned upload sessions are looked for. */
  static final Duration UPLOAD_SWEEP_EVERY = Duration.ofMinutes(10);
  /** How often each root's dedupe index is checked for having been lost (file deleted). */
  static final Duration INDEX_CHECK_EVERY = Duration.ofSeconds(2);
  /** GC after a deletion waits this long, so a burst of deletions makes one run. */
  static final Duration AFTER_DELETION = Duration.ofSeconds(1);

  private final RegistryStore store;
  private final Optional<ScrubConfig> scrub;
  private final DedupeMaintenance maintenance;
  private final GarbageCollector collector;
  private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "storage-tasks");
    t.setDaemon(true);
    return t;
  });
  private final Set<String> deletedIn = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean gcPending = new AtomicBoolean();
  private volatile boolean maintaining = true;

  StorageTasks(RegistryStore store, Optional<ScrubConfig> scrub) {
    this.store = store;
    this.scrub = scrub;
    this.maintenance = new DedupeMaintenance(store);
    this.collector = new GarbageCollector(store);
  }

  void install(Environment environment) {
    executor.execute(() -> {
      try {
        maintenance.runAll();
      } finally {
        maintaining = false;
      }
    });
    for (StoreRoot root : store.roots().all()) {
      if (root.settings().gc() && root.settings().gcInterval().isPresent()) {
        long every = root.settings().gcInterval().get().toMillis();
        executor.scheduleWithFixedDelay(() -> collect(root), every, every,
            TimeUnit.MILLISECONDS);
      }
    }
    long check = INDEX_CHECK_EVERY.toMillis();
    executor.scheduleWithFixedDelay(this::checkIndexes, check, check, TimeUnit.MILLISECONDS);
    store.afterDeletion(this::deleted);
    long sweep = UPLOAD_SWEEP_EVERY.toSeconds();
    executor.scheduleWithFixedDelay(this::sweepUploads, sweep, sweep, TimeUnit.SECONDS);
    scrub.filter(ScrubConfig::enabled).ifPresent(s -> {
      long every = Math.max(1, s.interval().toMillis());
      executor.scheduleWithFixedDelay(this::scrub, every, every, TimeUnit.MILLISECONDS);
      LOG.info("Scrub: every {}", s.interval());
    });
    environment.healthChecks().register("dedupe-index", new HealthCheck() {
      @Override
      protected Result check() {
        String running = maintenance.running();
        String done = maintenance.lastDone();
        return Result.healthy(running != null ? running
            : done == null ? "ready" : "ready; " + done);
      }
    });
    environment.admin().addServlet("ready", new ReadyServlet()).addMapping("/ready");
  }

  void stop() throws InterruptedException {
    executor.shutdownNow();
    if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
      LOG.warn("Storage tasks did not stop within 30 s");
    }
  }

  /** A lost index (its file deleted while serving) is started again and rebuilt. */
  private void checkIndexes() {
    if (maintaining) {
      return;
    }
    try {
      maintenance.rebuildLost();
    } catch (RuntimeException e) {
      LOG.error("Checking the dedupe indexes failed", e);
    }
  }

  private void deleted(RepositoryName repo) {
    StoreRoot root = store.roots().of(repo);
    if (!root.settings().gc() || root.settings().gcInterval().isPresent()) {
      return;
    }
    deletedIn.add(repo.value());
    if (gcPending.compareAndSet(false, true)) {
      executor.schedule(this::collectDeleted, AFTER_DELETION.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void collectDeleted() {
    gcPending.set(false);
    List<String> repos = new ArrayList<>(deletedIn);
    deletedIn.removeAll(repos);
    try {
      collector.run(repos);
    } catch (Exception e) {
      LOG.error("GC after deletions failed", e);
    }
  }

  private void collect(StoreRoot root) {
    try {
      collector.run(store.catalog().stream()
          .filter(name -> root == store.roots().of(new RepositoryName(name))).toList());
    } catch (Exception e) {
      LOG.error("GC of {} failed", root.label(), e);
    }
  }

  private void sweepUploads() {
    for (StoreRoot root : store.roots().all()) {
      try {
        store.expireUploads(root, root.settings().gcDelay());
      } catch (Exception e) {
        LOG.error("Expiring abandoned upload sessions of {} failed", root.label(), e);
      }
    }
  }

  private void scrub() {
    try {
      new Scrubber(store).run();
    } catch (Exception e) {
      LOG.error("Scrub failed", e);
    }
  }

  /** 200 when the dedupe index is ready, 503 while it is being rebuilt. */
  private final class ReadyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String running = maintenance.running();
      boolean ready = !maintaining && running == null;
      resp.setStatus(ready ? 200 : 503);
      resp.setContentType("text/plain");
      String done = maintenance.lastDone();
      resp.getWriter().println(ready ? "ready" + (done == null ? "" : "; " + done)
          : "not ready: " + (running == null ? "starting storage maintenance" : running));
    }
  }
}
