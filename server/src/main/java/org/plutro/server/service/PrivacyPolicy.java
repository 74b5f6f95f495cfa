package org.plutro.server.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The operator's privacy policy: the one an admin wrote at {@code /admin/instance} (Markdown), else
 * {@code privacy-policy.html}, {@code .md} or {@code .txt} in the data folder (the first found, in
 * that order). None: the pages show Plutro's own, which says
 * what the code keeps. Read on each request, so an edit shows without a restart.
 */
public final class PrivacyPolicy {
  /** How the operator wrote it. */
  public enum Format { HTML, MARKDOWN, TEXT }

  public record Text(Format format, String text) {}

  private static final List<String> NAMES = List.of("privacy-policy.html", "privacy-policy.md",
      "privacy-policy.txt");
  private static final int MAX_BYTES = 512 * 1024;

  private final Vertx vertx;
  private final Path dataDir;
  private final InstanceTexts written;

  public PrivacyPolicy(Vertx vertx, Path dataDir, InstanceTexts written) {
    this.vertx = vertx;
    this.dataDir = dataDir;
    this.written = written;
  }

  /** The operator's text, if they wrote one. */
  public Future<Optional<Text>> operatorText() {
    return written.texts().compose(texts -> texts.privacyPolicy().isEmpty() ? first(0)
        : Future.succeededFuture(Optional.of(new Text(Format.MARKDOWN, texts.privacyPolicy()))));
  }

  private Future<Optional<Text>> first(int index) {
    if (index >= NAMES.size()) {
      return Future.succeededFuture(Optional.empty());
    }
    String name = NAMES.get(index);
    String path = dataDir.resolve(name).toString();
    return vertx.fileSystem().exists(path).compose(exists -> !exists ? first(index + 1)
        : vertx.fileSystem().props(path).compose(props -> props.size() > MAX_BYTES
            ? Future.failedFuture(new IllegalStateException(name + " is larger than 512 KiB"))
            : vertx.fileSystem().readFile(path).map(buffer -> Optional.of(
                new Text(format(name), buffer.toString(StandardCharsets.UTF_8))))));
  }

  private static Format format(String name) {
    return name.endsWith(".html") ? Format.HTML : name.endsWith(".md") ? Format.MARKDOWN : Format.TEXT;
  }
}
