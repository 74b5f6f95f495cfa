package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The instance's rules, from {@code rules.txt} in the data folder: one rule per line, optionally
 * {@code rule | hint}; blank lines and lines starting with {@code #} are skipped. No file, no rules.
 * Read on each request (it is small) so an operator's edit shows without a restart.
 */
public final class InstanceRules {
  public record Rule(String id, String text, String hint) {}

  private final Vertx vertx;
  private final Path file;

  public InstanceRules(Vertx vertx, Path dataDir) {
    this.vertx = vertx;
    this.file = dataDir.resolve("rules.txt");
  }

  public Future<List<Rule>> rules() {
    String path = file.toString();
    return vertx.fileSystem().exists(path).compose(exists -> exists
        ? vertx.fileSystem().readFile(path).map(buffer -> parse(buffer.toString(StandardCharsets.UTF_8)))
        : Future.succeededFuture(List.of()));
  }

  static List<Rule> parse(String text) {
    List<Rule> rules = new ArrayList<>();
    for (String line : text.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int bar = trimmed.indexOf('|');
      String rule = bar < 0 ? trimmed : trimmed.substring(0, bar).strip();
      String hint = bar < 0 ? "" : trimmed.substring(bar + 1).strip();
      rules.add(new Rule(Integer.toString(rules.size() + 1), rule, hint));
    }
    return rules;
  }
}
