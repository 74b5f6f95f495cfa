package org.plutro.server.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.service.Relays;
import org.plutro.server.store.RelayStore.Relay;

/** {@code relay list}, {@code relay add|remove --inbox URL}: the relays this instance subscribes to. */
final class RelayCommand {
  static final Set<String> ACTIONS = Set.of("list", "add", "remove");

  private RelayCommand() {}

  static int run(Relays relays, String action, Map<String, String> options, PrintStream out, PrintStream err)
      throws Exception {
    if (action.equals("list")) {
      List<Relay> all = Await.result(relays.list());
      for (Relay relay : all) {
        out.printf("%s  %s  since %s%n", relay.inboxUrl(), relay.state(), relay.createdAt().toLocalDate());
      }
      out.println(all.size() + (all.size() == 1 ? " relay" : " relays"));
      return 0;
    }
    String inbox = options.get("inbox");
    if (inbox == null || inbox.isBlank()) {
      err.println("plutro: --inbox is required (the relay's inbox URL, such as https://relay.example/inbox)");
      return 2;
    }
    try {
      Relay relay = Await.result(action.equals("add") ? relays.add(inbox) : relays.remove(inbox));
      out.println(relay.inboxUrl() + (action.equals("add")
          ? ": asked to relay; it shows as accepted once the relay answers (relay list)"
          : ": removed; the relay is told"));
      return 0;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ServiceException refused) {
        err.println("plutro: " + refused.getMessage());
        return 1;
      }
      throw e;
    }
  }
}
