package org.plutro.server.cli;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.plutro.server.federation.remote.FederationClients;
import org.plutro.server.config.Settings;
import org.plutro.server.db.Database;
import org.plutro.server.db.EmbeddedDatabase;
import org.plutro.server.domain.Account;
import org.plutro.server.service.Secrets;
import org.plutro.server.domain.ServiceException;
import org.plutro.server.service.RegisterMember;
import org.plutro.server.service.SignUpApprovals;
import io.vertx.sqlclient.SqlClient;
import org.plutro.server.delivery.ActorProofs;
import org.plutro.server.delivery.ActorSigners;
import org.plutro.server.delivery.Publisher;
import org.plutro.server.federation.json.JsonLd;
import org.plutro.server.federation.remote.DocumentFetcher;
import org.plutro.server.federation.remote.FederationFetcher;
import org.plutro.server.federation.remote.InstanceSigner;
import org.plutro.server.federation.remote.ActorFollowUps;
import org.plutro.server.federation.remote.RemoteActors;
import org.plutro.server.federation.remote.RemoteEmojis;
import org.plutro.server.store.CustomEmojiStore;
import org.plutro.server.policy.DomainBlocks;
import org.plutro.server.service.AccountModeration;
import org.plutro.server.service.CloseAccount;
import org.plutro.server.service.FollowService;
import org.plutro.server.service.PasswordHasher;
import org.plutro.server.service.SuspendedAccounts;
import org.plutro.server.service.UpdateProfile;
import org.plutro.server.store.AccountClosureStore;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.AnnouncementStore;
import org.plutro.server.store.CopyHolderStore;
import org.plutro.server.store.FollowStore;
import org.plutro.server.store.ModerationStore;
import org.plutro.server.store.JobStore;
import org.plutro.server.store.RemoteMediaStore;
import org.plutro.server.store.RelayStore;
import org.plutro.server.service.AuditLog;
import org.plutro.server.service.Announcements;
import org.plutro.server.service.InstanceActor;
import org.plutro.server.store.AuditLogStore;
import org.plutro.server.service.Relays;
import org.plutro.server.service.LocalEmojis;
import org.plutro.server.media.MediaFiles;
import org.plutro.server.media.MediaProcessing;
import org.plutro.server.store.MoveStore;
import org.plutro.server.store.OAuthStore;
import org.plutro.server.store.QueueStore;
import org.plutro.server.store.ReportStore;
import org.plutro.server.store.UserStore;
import org.plutro.server.uri.Uris;

/**
 * The admin command line: {@code account create --username U --email E [--password P] [--admin]}
 * (the member is confirmed: an admin vouches for the address),
 * {@code account list}, {@code queue} and the others in {@link #USAGE}. Uses the same settings and
 * database as the server (and attaches to the embedded PostgreSQL of a running server).
 */
public final class AdminCommand {
  private static final String USAGE = String.join("\n",
      "usage: java -jar plutro.jar [serve]",
      "       java -jar plutro.jar account create --username NAME --email EMAIL [--password PASSWORD] [--admin]",
      "       java -jar plutro.jar account list",
      "       java -jar plutro.jar account pending               (sign-ups waiting for approval, with their reasons)",
      "       java -jar plutro.jar account approve|reject --account NAME",
      "       java -jar plutro.jar account close --username NAME",
      "       java -jar plutro.jar account closure --username NAME",
      "       java -jar plutro.jar account suspend|unsuspend|silence|unsilence|sensitive|unsensitive|disable|enable"
          + " --account NAME|USER@DOMAIN",
      "       java -jar plutro.jar invite create [--max-uses N] [--expires-in-days D]",
      "       java -jar plutro.jar announcement create --text TEXT [--starts-at ISO] [--ends-at ISO] [--all-day]",
      "       java -jar plutro.jar report list [--resolved]",
      "       java -jar plutro.jar report resolve|reopen --id N",
      "       java -jar plutro.jar queue                          (deliveries and jobs waiting, by domain and kind)",
      "       java -jar plutro.jar queue retry --domain DOMAIN    (its retrying deliveries, and those failed in the"
          + " last " + org.plutro.server.store.QueueStore.RETRY_FAILED_WITHIN_DAYS + " days, due now; no longer unavailable)",
      "       java -jar plutro.jar queue drop --domain DOMAIN     (its pending deliveries dropped)",
      "       java -jar plutro.jar relay list",
      "       java -jar plutro.jar relay add|remove --inbox URL   (a relay's inbox, such as https://relay.example/inbox)",
      "       java -jar plutro.jar emoji list",
      "       java -jar plutro.jar emoji add --shortcode CODE --file IMAGE [--category NAME]  (PNG, GIF or WebP, at most "
          + org.plutro.server.service.LocalEmojis.MAX_BYTES / 1024 + " KB)",
      "       java -jar plutro.jar emoji remove --shortcode CODE",
      "       java -jar plutro.jar backup FILE      (database and media, while the server runs)",
      "       java -jar plutro.jar restore FILE     (into an empty data folder)",
      "Without --password, the password is read from standard input.");

  private AdminCommand() {}

  /** Runs one command and returns the process exit code. */
  public static int run(Settings settings, List<String> args, PrintStream out, PrintStream err) {
    if (args.size() == 2 && (args.get(0).equals("backup") || args.get(0).equals("restore"))) {
      try {
        Path file = Path.of(args.get(1)).toAbsolutePath();
        return args.get(0).equals("backup") ? BackupCommand.backup(settings, file, out, err)
            : BackupCommand.restore(settings, file, out, err);
      } catch (Exception e) {
        err.println("plutro: " + e.getMessage());
        return 1;
      }
    }
    String command = args.size() < 2 ? "" : args.get(0) + " " + args.get(1);
    boolean queue = !args.isEmpty() && args.get(0).equals("queue")
        && (args.size() == 1 || QueueCommand.ACTIONS.contains(args.get(1)));
    if (!queue && !command.equals("account create") && !command.equals("account list")
        && !command.equals("invite create") && !command.equals("announcement create")
        && !command.equals("account close") && !command.equals("account closure")
        && !command.equals("report list") && !command.equals("report resolve")
        && !command.equals("report reopen")
        && !(args.size() >= 2 && args.get(0).equals("account") && AccountModerationCommand.ACTIONS.contains(args.get(1)))
        && !(args.size() >= 2 && args.get(0).equals("account") && AccountApprovalCommand.ACTIONS.contains(args.get(1)))
        && !(args.size() >= 2 && args.get(0).equals("relay") && RelayCommand.ACTIONS.contains(args.get(1)))
        && !(args.size() >= 2 && args.get(0).equals("emoji") && EmojiCommand.ACTIONS.contains(args.get(1)))) {
      err.println(USAGE);
      return args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help") ? 0 : 2;
    }
    Map<String, String> options;
    try {
      options = options(args.subList(Math.min(2, args.size()), args.size()));
    } catch (IllegalArgumentException e) {
      err.println("plutro: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    try (Database database = Database.open(settings, EmbeddedDatabase.Opener.COMMAND_LINE)) {
      Vertx vertx = Vertx.vertx();
      try {
        Pool pool = database.pool(vertx, 2);
        SqlClient pipelined = database.client(vertx, 1);
        Uris uris = new Uris(settings.publicUrl());
        AccountStore accounts = new AccountStore(pool, pipelined);
        UserStore users = new UserStore(pool);
        if (queue) {
          return QueueCommand.run(new QueueStore(pool), args.size() == 1 ? null : args.get(1), options, out, err);
        }
        return switch (command) {
          // Members made here are confirmed and need no mail: nothing is queued to wake.
          case "account create" -> create(new RegisterMember(vertx, pool, uris, users,
              new PasswordHasher(), settings.registrations(), () -> { }), uris, options, out, err);
          case "account pending", "account approve", "account reject" -> AccountApprovalCommand.run(accounts,
              // The answer's mail waits in the job queue for the server, which polls it.
              new SignUpApprovals(pool, users, new OAuthStore(pool), () -> { }),
              new AuditLog(new AuditLogStore(pool)), args.get(1), options, out, err);
          case "invite create" -> invite(users, uris, options, out, err);
          case "announcement create" -> announce(new AnnouncementStore(pool),
              new AuditLog(new AuditLogStore(pool)), options, out, err);
          case "report list", "report resolve", "report reopen" ->
              ReportCommand.run(new ReportStore(pool), accounts, uris, args.get(1), options, out, err);
          case "account close", "account closure" -> AccountClosureCommand.run(accounts, uris,
              closeAccount(vertx, settings, pool, accounts, uris), command.endsWith("close"), options, out, err);
          case "account list" -> list(accounts, uris, out);
          case "relay list", "relay add", "relay remove" -> RelayCommand.run(new Relays(pool, uris,
              new InstanceActor(vertx, pool, uris, accounts), new RelayStore(pool), publisher(uris),
              settings.federationAllowPrivate()), args.get(1), options, out, err);
          case "emoji list", "emoji add", "emoji remove" -> EmojiCommand.run(new LocalEmojis(
              new CustomEmojiStore(pool), new MediaProcessing(vertx, new MediaFiles(settings.mediaDir()))),
              uris, args.get(1), options, out, err);
          default -> AccountModerationCommand.run(accounts,
              moderation(vertx, settings, pool, pipelined, accounts, uris), new AuditLog(new AuditLogStore(pool)),
              args.get(1), options, out, err);
        };
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      err.println("plutro: " + e.getMessage());
      return 1;
    }
  }

  /** The closing of accounts, as the server does it (the server's workers send the Deletes). */
  private static CloseAccount closeAccount(Vertx vertx, Settings settings, Pool pool, AccountStore accounts,
      Uris uris) {
    return new CloseAccount(vertx, pool, accounts, new CopyHolderStore(pool), new AccountClosureStore(pool),
        new OAuthStore(pool), publisher(uris), settings.closedAccountRetentionDays(), UpdateProfile.avatarFolder(settings.dataDir()));
  }

  /** A moderator's account actions; unsuspending a remote account fetches it again (signed, as the instance). */
  private static AccountModeration moderation(Vertx vertx, Settings settings, Pool pool, SqlClient pipelined,
      AccountStore accounts, Uris uris) {
    FederationClients clients = FederationClients.create(vertx, settings);
    DomainBlocks domainBlocks = new DomainBlocks(vertx, pipelined, settings.limitedFederation());
    domainBlocks.refresh();
    DocumentFetcher fetcher = new FederationFetcher(clients.http(), clients.webfinger(), new JsonLd(vertx),
        new InstanceSigner(accounts, new ActorSigners(accounts), uris), domainBlocks);
    RemoteActors remoteActors = new RemoteActors(uris, accounts, fetcher, new MoveStore(pool), domainBlocks,
        new ActorFollowUps(new JobStore(pool, pipelined), new RemoteMediaStore(pool),
            settings.federationAllowPrivate()),
        new RemoteEmojis(new CustomEmojiStore(pool), domainBlocks));
    Publisher publisher = publisher(uris);
    SuspendedAccounts suspended = new SuspendedAccounts(vertx, accounts);
    suspended.refresh();
    return new AccountModeration(pool, accounts, new ModerationStore(pool), new OAuthStore(pool),
        new FollowService(pool, uris, new FollowStore(pool), publisher), remoteActors, suspended);
  }

  /**
   * Queues for every inbox: the server's delivery workers skip the servers it does not federate
   * with (this short-lived process does not wait to read the lists).
   */
  private static Publisher publisher(Uris uris) {
    return new Publisher(uris, new ActorProofs(uris), inbox -> true);
  }

  private static int create(RegisterMember registerMember, Uris uris, Map<String, String> options,
      PrintStream out, PrintStream err) throws Exception {
    String password = options.get("password");
    if (password == null) {
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      password = in.readLine();
    }
    var request = new RegisterMember.Request(options.get("username"), options.get("email"),
        password, Boolean.TRUE, options.get("locale"));
    String role = options.containsKey("admin") ? "admin" : "user";
    try {
      long id = registerMember.createConfirmed(request, role).toCompletionStage()
          .toCompletableFuture().get(60, TimeUnit.SECONDS);
      out.println("Created " + role + " @" + uris.acct(request.username().trim())
          + " (id " + id + ", actor " + uris.actor(request.username().trim()) + ")");
      return 0;
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof ServiceException problem) {
        err.println("plutro: " + problem.getMessage());
        return 1;
      }
      throw e;
    }
  }

  private static int invite(UserStore users, Uris uris, Map<String, String> options, PrintStream out,
      PrintStream err) throws Exception {
    Integer maxUses;
    Integer days;
    try {
      maxUses = options.containsKey("max-uses") ? Integer.valueOf(options.get("max-uses")) : null;
      days = options.containsKey("expires-in-days") ? Integer.valueOf(options.get("expires-in-days")) : null;
    } catch (NumberFormatException e) {
      err.println("plutro: --max-uses and --expires-in-days take whole numbers");
      return 2;
    }
    if ((maxUses != null && maxUses < 1) || (days != null && days < 1)) {
      err.println("plutro: --max-uses and --expires-in-days must be at least 1");
      return 2;
    }
    String code = Secrets.token().substring(0, 12);
    users.createInvite(code, maxUses, days)
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    out.println("Invite code " + code + (maxUses == null ? ", unlimited uses" : ", " + maxUses + " uses")
        + (days == null ? ", no expiry" : ", expires in " + days + " days"));
    out.println("Sign-up page: " + uris.base() + "/invite/" + code);
    out.println("Register with invite_code=" + code + " (POST /api/v1/accounts)");
    return 0;
  }

  /** A service message every member sees in their apps (policy 4.2); the text is plain. */
  private static int announce(AnnouncementStore announcements, AuditLog auditLog, Map<String, String> options, PrintStream out,
      PrintStream err) throws Exception {
    String text = options.get("text");
    if (text == null || text.isBlank()) {
      err.println("plutro: --text is required");
      return 2;
    }
    java.time.OffsetDateTime startsAt;
    java.time.OffsetDateTime endsAt;
    try {
      startsAt = options.containsKey("starts-at") ? java.time.OffsetDateTime.parse(options.get("starts-at")) : null;
      endsAt = options.containsKey("ends-at") ? java.time.OffsetDateTime.parse(options.get("ends-at")) : null;
    } catch (java.time.format.DateTimeParseException e) {
      err.println("plutro: --starts-at and --ends-at take ISO 8601 times, like 2026-12-24T18:00:00Z");
      return 2;
    }
    long id;
    try {
      id = new Announcements(announcements).create(new Announcements.Input(text, startsAt, endsAt,
              options.containsKey("all-day")), true)
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof ServiceException refused) {
        err.println("plutro: " + refused.getMessage());
        return 2;
      }
      throw e;
    }
    auditLog.record(AuditLog.By.COMMAND_LINE, "create", AuditLog.Target.announcement(id, text), "")
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    out.println("Announcement " + id + " published");
    return 0;
  }

  private static int list(AccountStore accounts, Uris uris, PrintStream out) throws Exception {
    List<Account> members = accounts.localMembers().toCompletionStage()
        .toCompletableFuture().get(60, TimeUnit.SECONDS);
    out.printf("%-20s %-30s %-10s %s%n", "id", "handle", "state", "created");
    for (Account member : members) {
      out.printf("%-20d %-30s %-10s %s%n", member.id(), "@" + uris.acct(member.username()),
          member.deletedAt() == null ? "active" : "closed", member.createdAt().toLocalDate());
    }
    out.println(members.size() + (members.size() == 1 ? " member" : " members"));
    return 0;
  }

  static Map<String, String> options(List<String> args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      int eq = name.indexOf('=');
      if (eq >= 0) {
        options.put(name.substring(0, eq), name.substring(eq + 1));
      } else if (name.equals("admin") || name.equals("all-day") || name.equals("resolved")) {
        options.put(name, "true");
      } else if (i + 1 < args.size()) {
        options.put(name, args.get(++i));
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
    }
    return options;
  }
}
