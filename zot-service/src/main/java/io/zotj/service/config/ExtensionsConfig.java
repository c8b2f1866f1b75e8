package io.zotj.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code extensions} section: optional features, each absent (off) unless configured. */
public class ExtensionsConfig {

  @Valid @JsonProperty private MetricsConfig metrics;
  @Valid @JsonProperty private ScrubConfig scrub;
  @Valid @JsonProperty private SyncConfig sync;
  @Valid @JsonProperty private SearchConfig search;
  @Valid @JsonProperty private LintConfig lint;
  @Valid @JsonProperty private UiConfig ui;
  @Valid @JsonProperty private MgmtConfig mgmt;
  @Valid @JsonProperty private TrustConfig trust;

  public Optional<MetricsConfig> metrics() {
    return Optional.ofNullable(metrics);
  }

  public Optional<ScrubConfig> scrub() {
    return Optional.ofNullable(scrub);
  }

  public Optional<SyncConfig> sync() {
    return Optional.ofNullable(sync);
  }

  public Optional<SearchConfig> search() {
    return Optional.ofNullable(search);
  }

  public Optional<LintConfig> lint() {
    return Optional.ofNullable(lint);
  }

  public Optional<UiConfig> ui() {
    return Optional.ofNullable(ui);
  }

  public Optional<MgmtConfig> mgmt() {
    return Optional.ofNullable(mgmt);
  }

  public Optional<TrustConfig> trust() {
    return Optional.ofNullable(trust);
  }

  /** Every configured extension by its key, in a fixed order; for checks that treat all alike. */
  public Map<String, ExtensionConfig> configured() {
    Map<String, ExtensionConfig> all = new LinkedHashMap<>();
    all.put("metrics", metrics);
    all.put("scrub", scrub);
    all.put("sync", sync);
    all.put("search", search);
    all.put("lint", lint);
    all.put("ui", ui);
    all.put("mgmt", mgmt);
    all.put("trust", trust);
    all.values().removeIf(java.util.Objects::isNull);
    return all;
  }

  /** {@code extensions.metrics}: Prometheus metrics. */
  public static class MetricsConfig extends ExtensionConfig {
    @Valid @JsonProperty private Prometheus prometheus = new Prometheus();

    public Prometheus prometheus() {
      return prometheus;
    }
  }

  /** {@code extensions.metrics.prometheus}. */
  public static class Prometheus {
    @JsonProperty private String path = "/metrics";

    public String path() {
      return path;
    }
  }

  /** {@code extensions.scrub}: periodic integrity checks of stored images. */
  public static class ScrubConfig extends ExtensionConfig {
    @JsonProperty private Duration interval = Duration.ofHours(24);

    public Duration interval() {
      return interval;
    }
  }

  /** {@code extensions.sync}: mirroring from upstream registries. */
  public static class SyncConfig extends ExtensionConfig {
    @JsonProperty private String credentialsFile;
    @JsonProperty private String downloadDir;
    @Valid @JsonProperty private List<SyncRegistry> registries = List.of();

    public Optional<String> credentialsFile() {
      return Optional.ofNullable(credentialsFile);
    }

    public Optional<String> downloadDir() {
      return Optional.ofNullable(downloadDir);
    }

    public List<SyncRegistry> registries() {
      return registries;
    }
  }

  /** One upstream registry of {@code extensions.sync}. */
  public static class SyncRegistry {
    @JsonProperty private List<String> urls = List.of();
    @JsonProperty private boolean onDemand;
    @JsonProperty private Duration pollInterval;
    @JsonProperty private boolean tlsVerify = true;
    @JsonProperty private String certDir;
    @jakarta.validation.constraints.PositiveOrZero @JsonProperty private Integer maxRetries;
    @JsonProperty private Duration retryDelay;
    @JsonProperty private boolean onlySigned;
    @JsonProperty private boolean preserveDigest;
    @Valid @JsonProperty private List<SyncContent> content = List.of();

    public List<String> urls() {
      return urls;
    }

    public boolean onDemand() {
      return onDemand;
    }

    public Optional<Duration> pollInterval() {
      return Optional.ofNullable(pollInterval);
    }

    public boolean tlsVerify() {
      return tlsVerify;
    }

    public Optional<String> certDir() {
      return Optional.ofNullable(certDir);
    }

    public Optional<Integer> maxRetries() {
      return Optional.ofNullable(maxRetries);
    }

    public Optional<Duration> retryDelay() {
      return Optional.ofNullable(retryDelay);
    }

    public boolean onlySigned() {
      return onlySigned;
    }

    public boolean preserveDigest() {
      return preserveDigest;
    }

    public List<SyncContent> content() {
      return content;
    }
  }

  /** Which repositories and tags a sync registry pulls. */
  public static class SyncContent {
    @JsonProperty private String prefix;
    @Valid @JsonProperty private TagFilter tags;
    @JsonProperty private String destination;
    @JsonProperty private boolean stripPrefix;

    public Optional<String> prefix() {
      return Optional.ofNullable(prefix);
    }

    public Optional<TagFilter> tags() {
      return Optional.ofNullable(tags);
    }

    public Optional<String> destination() {
      return Optional.ofNullable(destination);
    }

    public boolean stripPrefix() {
      return stripPrefix;
    }
  }

  /** Tag filters of sync content. */
  public static class TagFilter {
    @JsonProperty private String regex;
    @JsonProperty private boolean semver;

    public Optional<String> regex() {
      return Optional.ofNullable(regex);
    }

    public boolean semver() {
      return semver;
    }
  }

  /** {@code extensions.search}: the search API and CVE scanning. */
  public static class SearchConfig extends ExtensionConfig {
    @Valid @JsonProperty private CveConfig cve;

    public Optional<CveConfig> cve() {
      return Optional.ofNullable(cve);
    }
  }

  /** {@code extensions.search.cve}. */
  public static class CveConfig {
    @JsonProperty private Duration updateInterval = Duration.ofHours(2);
    @Valid @JsonProperty private TrivyConfig trivy;

    public Duration updateInterval() {
      return updateInterval;
    }

    public Optional<TrivyConfig> trivy() {
      return Optional.ofNullable(trivy);
    }
  }

  /** {@code extensions.search.cve.trivy}: where the vulnerability databases come from. */
  public static class TrivyConfig {
    @JsonProperty private String dbRepository;
    @JsonProperty private String javadbRepository;

    public Optional<String> dbRepository() {
      return Optional.ofNullable(dbRepository);
    }

    public Optional<String> javadbRepository() {
      return Optional.ofNullable(javadbRepository);
    }
  }

  /** {@code extensions.lint}: annotations a pushed manifest must carry (zot 2). */
  public static class LintConfig extends ExtensionConfig {
    @JsonProperty private List<String> mandatoryAnnotations = List.of();

    public List<String> mandatoryAnnotations() {
      return mandatoryAnnotations;
    }
  }

  /** {@code extensions.ui}: the web interface (zot 2). */
  public static class UiConfig extends ExtensionConfig {}

  /** {@code extensions.mgmt}: the management API (zot 2). */
  public static class MgmtConfig extends ExtensionConfig {}

  /** {@code extensions.trust}: signature verification with cosign and notation (zot 2). */
  public static class TrustConfig extends ExtensionConfig {
    @JsonProperty private boolean cosign;
    @JsonProperty private boolean notation;

    public boolean cosign() {
      return cosign;
    }

    public boolean notation() {
      return notation;
    }
  }
}
