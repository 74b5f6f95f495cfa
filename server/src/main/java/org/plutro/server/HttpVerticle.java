package org.plutro.server;

import org.plutro.server.http.InputGuard;
import org.plutro.server.http.ErrorHandler;
import org.plutro.server.http.Cors;
import org.plutro.server.http.HealthRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import org.plutro.server.config.Settings;
import org.plutro.server.service.BlockService;
import org.plutro.server.store.OwnActivityStore;
import org.plutro.server.service.LocalAccounts;
import org.plutro.server.http.activitypub.ActorRoutes;
import org.plutro.server.http.activitypub.CollectionRoutes;
import org.plutro.server.http.activitypub.InboxRoutes;
import org.plutro.server.http.activitypub.ObjectRoutes;
import org.plutro.server.http.activitypub.OutboxRoutes;
import org.plutro.server.http.activitypub.SecureMode;
import org.plutro.server.http.activitypub.SignedFetch;
import org.plutro.server.http.api.Presenter;
import org.plutro.server.http.api.admin.AdminAccountEntity;
import org.plutro.server.http.api.admin.AdminDomainBlocksRoutes;
import org.plutro.server.http.api.admin.AdminAccountsRoutes;
import org.plutro.server.http.api.admin.AdminReportsRoutes;
import org.plutro.server.http.api.instance.DiscoveryRoutes;
import org.plutro.server.http.api.instance.InstanceRoutes;
import org.plutro.server.http.api.v1.AccountDiscoveryRoutes;
import org.plutro.server.http.api.v1.AccountsRoutes;
import org.plutro.server.http.api.v1.AnnouncementsRoutes;
import org.plutro.server.http.api.v1.AppsRoutes;
import org.plutro.server.http.api.v1.ClosureRoutes;
import org.plutro.server.http.api.v1.ConversationsRoutes;
import org.plutro.server.http.api.v1.ExportRoutes;
import org.plutro.server.http.api.v1.FiltersV1Routes;
import org.plutro.server.http.api.v1.ImportRoutes;
import org.plutro.server.http.api.v1.InteractionRoutes;
import org.plutro.server.http.api.v1.ListsRoutes;
import org.plutro.server.http.api.v1.MediaRoutes;
import org.plutro.server.http.api.v1.MoveRoutes;
import org.plutro.server.http.api.v1.NotificationsRoutes;
import org.plutro.server.http.api.v1.PollsRoutes;
import org.plutro.server.http.api.v1.PreferencesRoutes;
import org.plutro.server.http.api.v1.PrivacySettingsRoutes;
import org.plutro.server.http.api.v1.PushRoutes;
import org.plutro.server.http.api.v1.ProfileRoutes;
import org.plutro.server.http.api.v1.ReportsRoutes;
import org.plutro.server.http.api.v1.SafetyRoutes;
import org.plutro.server.http.api.v1.ScheduledStatusesRoutes;
import org.plutro.server.http.api.v1.SessionsRoutes;
import org.plutro.server.http.api.v1.StatusesRoutes;
import org.plutro.server.http.api.v1.TagsRoutes;
import org.plutro.server.http.api.v1.TimelinesRoutes;
import org.plutro.server.http.api.v2.FiltersRoutes;
import org.plutro.server.http.api.v2.SearchRoutes;
import org.plutro.server.http.oauth.AuthorizeRoutes;
import org.plutro.server.http.oauth.AuthorizedAppsRoutes;
import org.plutro.server.http.oauth.OAuthRoutes;
import org.plutro.server.http.oauth.WebSessions;
import org.plutro.server.http.web.InstancePages;
import org.plutro.server.http.web.MediaFileRoutes;
import org.plutro.server.http.web.StaticRoutes;
import org.plutro.server.http.web.VisitorPages;
import org.plutro.server.http.web.VisitorRoutes;
import org.plutro.server.http.wellknown.HostMetaRoutes;
import org.plutro.server.http.wellknown.NodeInfoRoutes;
import org.plutro.server.http.wellknown.OAuthMetadataRoutes;
import org.plutro.server.http.wellknown.WebFingerRoutes;
import org.plutro.server.http.streaming.StreamingRoutes;
import org.plutro.server.c2s.Outbox;
import org.plutro.server.federation.handler.InteractionGate;
import org.plutro.server.http.api.NotificationEntities;
import org.plutro.server.http.api.Presenter;
import org.plutro.server.service.AccountModeration;
import org.plutro.server.service.BlockService;
import org.plutro.server.service.ImportService;
import org.plutro.server.service.InstanceRules;
import org.plutro.server.service.MoveService;
import org.plutro.server.service.PollService;
import org.plutro.server.service.ReadReceipts;
import org.plutro.server.service.ReportService;
import org.plutro.server.service.SignIn;
import org.plutro.server.service.UpdateProfile;
import org.plutro.server.store.ConversationStore;
import org.plutro.server.store.MemberPrivacyStore;
import org.plutro.server.store.PollStore;
import org.plutro.server.store.PublicPostStore;
import org.plutro.server.store.ReportStore;
import org.plutro.server.store.SafetyStore;

/** One HTTP server instance; the server deploys one per core, all sharing the port. */
public final class HttpVerticle extends VerticleBase {
  /** Bodies we accept on any route: enough for any activity or API call, bounded for safety. */
  public static final long BODY_LIMIT = 1024 * 1024;

  private final AppContext app;
  private HttpServer server;

  public HttpVerticle(AppContext app) {
    this.app = app;
  }

  @Override
  public Future<?> start() {
    Router router = router(app);
    Settings settings = app.settings();
    HttpServerOptions options = new HttpServerOptions()
        .setHost(settings.httpHost())
        .setPort(settings.httpPort())
        .setCompressionSupported(true)
        // Netty's wildcard: echo the client's subprotocol, which carries a streaming token.
        .setWebSocketSubProtocols(List.of("*"));
    if (settings.tlsEnabled()) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(settings.tlsCert().get().toString())
          .setKeyPath(settings.tlsKey().get().toString()));
    }
    server = vertx.createHttpServer(options).requestHandler(router);
    return server.listen();
  }

  static Router router(AppContext app) {
    Router router = Router.router(app.vertx());
    router.route().handler(InputGuard.url());
    router.route().handler(new Cors());
    router.route().handler(app.rateLimit());
    MediaRoutes media = new MediaRoutes(app.auth(), app.mediaService(), app.mediaProcessing().files(), app.uris());
    media.mountUploads(router); // their own body handler (files on disk, larger limit) comes first
    ProfileRoutes.mountBodyHandler(router, app.settings().dataDir());
    // Before the body handler, which would read the request a WebSocket upgrade must take over.
    new StreamingRoutes(app.auth(), app.vertx(), app.streams()).mount(router);
    router.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    router.route().handler(InputGuard.body());
    String publicScheme = app.settings().publicUrl().getScheme();
    SignedFetch signedFetch = new SignedFetch(app.uris(), publicScheme, app.remoteActors());
    if (app.settings().secureMode()) {
      router.route().handler(new SecureMode(signedFetch, app.domainBlocks()));
    }
    new HealthRoutes(app.health()).mount(router);
    new WebFingerRoutes(app.accounts(), app.uris()).mount(router);
    new HostMetaRoutes(app.uris()).mount(router);
    new NodeInfoRoutes(app.uris(), app.users(), app.oauth(), app.counts(), app.settings().registrations(),
        app.settings().instanceName(), app.settings().instanceDescription()).mount(router);
    VisitorPages visitorPages = new VisitorPages(new PublicPostStore(app.pool()), app.accounts(),
        app.counts(), app.media(), app.uris(), app.settings().instanceName());
    new VisitorRoutes(visitorPages).mount(router);
    new InstancePages(app.uris(), app.settings().instanceName(), app.settings().instanceDescription(),
        app.settings().registrations()).mount(router);
    new ActorRoutes(app.accounts(), app.moves(), app.uris(), app.signedFetches(), visitorPages).mount(router);
    new InboxRoutes(app.inboxProcessor(), app.accounts(), app.domainBlocks(), app.metrics(), app.uris(),
        publicScheme).mount(router);
    new ObjectRoutes(app.accounts(), app.statuses(), app.threads(), app.statusService(),
        app.statusVisibility(), new InteractionGate(app.pool(), app.accounts(), app.statuses(), app.publisher()), signedFetch, app.signedFetches(), app.uris(),
        visitorPages).mount(router);
    new CollectionRoutes(app.accounts(), app.follows(), app.statuses(), app.pool(), app.uris(),
        app.signedFetches()).mount(router);
    new OutboxRoutes(app.auth(), new Outbox(app.uris(), new LocalAccounts(app.accounts(), app.uris()),
        app.remoteActors(), app.remoteStatuses(), app.statuses(), app.statusVisibility(), app.media(),
        new OwnActivityStore(app.pool()), app.statusService(), app.followService(),
        new BlockService(app.pool(), app.uris(), app.followService(), app.publisher()), app.interactions()), app.accounts(), app.statuses(), app.timelines())
        .mount(router);
    new AppsRoutes(app.auth(), app.oauth()).mount(router);
    SignIn signIn = new SignIn(app.vertx(), app.users(), app.webSessions(), app.passwords());
    WebSessions webSessions = new WebSessions(app.webSessions(), "https".equals(publicScheme));
    new OAuthRoutes(app.oauth(), app.oauthCodes(), signIn).mount(router);
    new AuthorizeRoutes(app.oauth(), app.oauthCodes(), app.accounts(), webSessions, signIn,
        app.settings().instanceName()).mount(router);
    new AuthorizedAppsRoutes(app.auth(), app.oauth(), webSessions, signIn).mount(router);
    new OAuthMetadataRoutes(app.uris()).mount(router);
    Presenter presenter = new Presenter(app.counts(), app.uris(), app.statusPresenter());
    new InstanceRoutes(app.settings(), app.uris(), app.instance(), app.users(), app.oauth(), app.counts(),
        app.push(), presenter, new InstanceRules(app.vertx(), app.settings().dataDir())).mount(router);
    new DiscoveryRoutes(app.auth()).mount(router);
    new PreferencesRoutes(app.auth(), app.users(), app.memberData()).mount(router);
    new ListsRoutes(app.auth(), app.lists(), presenter, app.uris()).mount(router);
    new FiltersRoutes(app.auth(), app.filters(), app.statuses()).mount(router);
    new FiltersV1Routes(app.auth(), app.filters()).mount(router);
    new AnnouncementsRoutes(app.auth(), app.announcements()).mount(router);
    new ProfileRoutes(app.vertx(), app.auth(), new UpdateProfile(app.vertx(), app.pool(), app.uris(), app.oauth(), app.settings().dataDir()), app.accounts(), app.users(), app.counts(),
        app.uris(), UpdateProfile.avatarFolder(app.settings().dataDir())).mount(router);
    new ClosureRoutes(app.vertx(), app.auth(), app.users(), app.passwords(), app.accounts(), app.closeAccount())
        .mount(router);
    // Before AccountsRoutes, whose /api/v1/accounts/:id would take "search" for an id.
    new AccountDiscoveryRoutes(app.auth(), app.accountDiscovery(), app.accounts(), app.relationships(),
        app.fetcher(), app.remoteActors(), presenter).mount(router);
    new PollsRoutes(app.auth(), new PollStore(app.pool()), new PollService(app.pool(), app.uris(), app.accounts(), app.statuses(), app.statusVisibility(),
        app.publisher()), app.statuses(),
        app.statusVisibility()).mount(router);
    new AccountsRoutes(app.auth(), app.settings().registrations(), app.registerMember(), app.oauth(),
        app.accounts(), app.users(), app.counts(), app.remoteActors(), app.profileAudience(), app.moves(),
        app.follows(), app.followService(), app.relationships(), app.timelines(), app.statusPresenter(),
        presenter, app.uris()).mount(router);
    new StatusesRoutes(app.auth(), app.users(), app.statusService(), app.scheduledStatuses(), app.statuses(),
        app.statusVisibility(), app.threadService(), app.accounts(), app.statusEdits(), app.media(), presenter,
        app.uris()).mount(router);
    new ScheduledStatusesRoutes(app.auth(), app.scheduledStatuses(), app.media(), app.uris()).mount(router);
    new NotificationsRoutes(app.auth(), app.notifications().store(), new NotificationEntities(app.accounts(), app.statuses(), presenter), app.uris())
        .mount(router);
    new InteractionRoutes(app.auth(), app.interactions(), app.users(), app.statuses(), app.statusVisibility(),
        app.timelines(), app.statusPresenter(), presenter, app.uris()).mount(router);
    new TimelinesRoutes(app.auth(), app.timelines(), app.lists(), app.tags(), app.statusViews(),
        app.statusPresenter(), app.filters(), app.uris()).mount(router);
    new TagsRoutes(app.auth(), app.tags(), app.uris()).mount(router);
    new SearchRoutes(app.auth(), app.search(), app.accounts(), app.remoteActors(), app.statuses(),
        app.remoteStatuses(), app.statusVisibility(), app.tags(), app.statusPresenter(), presenter, app.uris())
        .mount(router);
    new ReportsRoutes(app.auth(), new ReportService(app.pool(), app.uris(), app.accounts(),
        new LocalAccounts(app.accounts(), app.uris()), app.statuses(), app.publisher(),
        new InstanceRules(app.vertx(), app.settings().dataDir())), app.accounts(), presenter).mount(router);
    new SessionsRoutes(app.auth(), app.oauth(), app.webSessions()).mount(router);
    new MoveRoutes(app.vertx(), app.auth(), app.users(), app.passwords(), app.moves(), new MoveService(app.pool(), app.accounts(), app.moves(), app.oauth(),
        app.remoteActors(), app.followService(), app.publisher()))
        .mount(router);
    new ExportRoutes(app.vertx(), app.auth(), app.exports(), app.accounts(), app.moves(), app.statuses(),
        app.statusService(), app.mediaProcessing().files(), app.uris()).mount(router);
    new ImportRoutes(app.auth(), new ImportService(app.pool(), app.uris(), app.accounts(), app.exports(),
        app.remoteActors(), app.followService(),
        new BlockService(app.pool(), app.uris(), app.followService(), app.publisher()), app.jobs())).mount(router);
    ReportStore reports = new ReportStore(app.pool());
    AdminAccountEntity adminAccountEntity = new AdminAccountEntity(app.accounts(), app.users(),
        app.webSessions(), presenter);
    new AdminReportsRoutes(app.auth(), app.users(), reports, new ReportService(app.pool(), app.uris(), app.accounts(),
        new LocalAccounts(app.accounts(), app.uris()), app.statuses(), app.publisher(),
        new InstanceRules(app.vertx(), app.settings().dataDir())), app.statuses(),
        presenter, adminAccountEntity, app.uris()).mount(router);
    new AdminAccountsRoutes(app.auth(), app.users(), app.accounts(), app.adminAccounts(),
        new AccountModeration(app.pool(), app.accounts(), app.moderation(), app.oauth(),
        app.followService(), app.remoteActors(), app.suspendedAccounts()), reports, adminAccountEntity, app.uris()).mount(router);
    new AdminDomainBlocksRoutes(app.auth(), app.users(), app.pool(), app.instanceDomainBlocks(),
        app.domainBlocks()).mount(router);
    new ConversationsRoutes(app.auth(), new ConversationStore(app.pool()), app.statuses(), new ReadReceipts(app.pool(), app.accounts(), app.publisher()),
        app.statusPresenter(), presenter, app.uris()).mount(router);
    new PrivacySettingsRoutes(app.auth(), new MemberPrivacyStore(app.pool())).mount(router);
    new PushRoutes(app.auth(), app.pushSubscriptions(), app.push()).mount(router);
    new SafetyRoutes(app.pool(), app.auth(), new SafetyStore(app.pool()), new BlockService(app.pool(), app.uris(), app.followService(), app.publisher()), app.accounts(),
        app.relationships(), presenter, app.uris()).mount(router);
    media.mount(router);
    new MediaFileRoutes(app.mediaProcessing().files()).mount(router);
    new StaticRoutes().mount(router);
    ErrorHandler errors = new ErrorHandler();
    router.route().last().handler(ctx -> ctx.fail(404));
    router.errorHandler(404, errors);
    router.errorHandler(405, errors);
    router.errorHandler(413, errors);
    router.errorHandler(400, errors);
    router.errorHandler(500, errors);
    router.route().failureHandler(errors);
    return router;
  }

  public int actualPort() {
    return server.actualPort();
  }
}
