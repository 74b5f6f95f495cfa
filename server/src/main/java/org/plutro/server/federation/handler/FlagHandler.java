package org.plutro.server.federation.handler;

import org.plutro.server.federation.json.Refs;

import io.vertx.core.Future;
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
    Object content = inbound.json().getValue("content");
    return reports.receiveFlag(inbound.actor(), inbound.id(),
        Refs.ids(inbound.json().getValue("object")),
        content instanceof String text ? org.plutro.server.text.Html.text(text) : null);
  }
}
