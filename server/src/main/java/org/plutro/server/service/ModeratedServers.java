package org.plutro.server.service;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.plutro.server.store.InstanceDomainBlockStore;
import org.plutro.server.store.InstanceDomainBlockStore.DomainBlock;

/**
 * The servers this instance moderates, as the public may see them (Mastodon's "moderated
 * servers" on its about page): suspended and limited domains with their public comment; a domain
 * the moderators chose to obfuscate is shown with its middle starred out. Blocks that only reject
 * media or reports ({@code noop}) are left out, as Mastodon leaves them.
 */
public final class ModeratedServers {
  public enum Severity { SUSPENDED, LIMITED }

  /** {@code digest}: the SHA-256 of the real domain, with which a reader can check a guess. */
  public record Server(String domain, String digest, Severity severity, String comment) {}

  private final InstanceDomainBlockStore blocks;

  public ModeratedServers(InstanceDomainBlockStore blocks) {
    this.blocks = blocks;
  }

  /** Suspended servers first, then limited ones, each by name. */
  public Future<List<Server>> list() {
    return blocks.list().map(all -> all.stream()
        .filter(block -> "suspend".equals(block.severity()) || "silence".equals(block.severity()))
        .map(ModeratedServers::shown)
        .sorted(Comparator.comparing(Server::severity).thenComparing(Server::domain))
        .toList());
  }

  private static Server shown(DomainBlock block) {
    String comment = block.publicComment() == null ? "" : block.publicComment().strip();
    return new Server(block.obfuscate() ? obfuscated(block.domain()) : block.domain(),
        sha256(block.domain()), "suspend".equals(block.severity()) ? Severity.SUSPENDED : Severity.LIMITED,
        comment);
  }

  /** As Mastodon's {@code public_domain}: the first and last quarter kept, dots kept. */
  static String obfuscated(String domain) {
    int length = domain.length();
    int visible = length / 4;
    StringBuilder shown = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      char c = domain.charAt(i);
      shown.append(i > visible && i < length - visible && c != '.' ? '*' : c);
    }
    return shown.toString();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
