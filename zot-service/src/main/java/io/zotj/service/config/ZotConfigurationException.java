package io.zotj.service.config;

import io.dropwizard.configuration.ConfigurationException;
import java.util.List;

/** Every problem found in a configuration file, reported together; stops startup. */
public class ZotConfigurationException extends ConfigurationException {

  private final String source;
  private final List<ConfigProblem> problems;

  public ZotConfigurationException(String source, List<ConfigProblem> problems) {
    super(source, problems.stream().map(ConfigProblem::toString).toList());
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  /** The file (or "embedded default configuration") the problems were found in. */
  public String source() {
    return source;
  }

  public List<ConfigProblem> problems() {
    return problems;
  }
}
