package org.plutro.server.federation.handler;

import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;
import org.plutro.federation.vocab.Ref;
import org.plutro.server.policy.DomainBlocks;
import org.plutro.server.service.ReportService;

/**
 * Flag: a remote server reports our members (and their posts) to our moderators, as Mastodon's
 * "forward to the remote server" sends it from its instance actor. It becomes a report from that
 * actor; objects that are not ours are ignored, and so is the whole Flag when the admins reject
 * reports from its domain.
 */
public final class FlagHandler implements ActivityHandler {
  private final ReportService reports;
  private final DomainBlocks domainBlocks;

  public FlagHandler(ReportService reports, DomainBlocks domainBlocks) {
    this.reports = reports;
    this.domainBlocks = domainBlocks;
  }

  @Override
  public Future<Void> handle(Inbound inbound) {
    if (inbound.id() == null || domainBlocks.rejectsReports(inbound.actor().domain())) {
      return Future.succeededFuture();
    }
    String content = inbound.activity().content();
    List<String> reported = inbound.activity().objects().stream().map(Ref::id).filter(Objects::nonNull).toList();
    return reports.receiveFlag(inbound.actor(), inbound.id(), reported,
        content == null ? null : org.plutro.server.text.Html.text(content));
  }
}
