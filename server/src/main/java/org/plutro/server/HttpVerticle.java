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
import org.plutro.server.http.activitypub.ActorRoutes;
import org.plutro.server.http.activitypub.CollectionRoutes;
import org.plutro.server.http.activitypub.InboxRoutes;
import org.plutro.server.http.activitypub.ObjectRoutes;
import org.plutro.server.http.activitypub.OutboxRoutes;
import org.plutro.server.http.activitypub.SecureMode;
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
import org.plutro.server.http.web.InstancePages;
import org.plutro.server.http.web.MediaFileRoutes;
import org.plutro.server.http.web.StaticRoutes;
import org.plutro.server.http.web.VisitorRoutes;
import org.plutro.server.http.wellknown.HostMetaRoutes;
import org.plutro.server.http.wellknown.NodeInfoRoutes;
import org.plutro.server.http.wellknown.OAuthMetadataRoutes;
import org.plutro.server.http.wellknown.WebFingerRoutes;
import org.plutro.server.http.streaming.StreamingRoutes;
import org.plutro.server.http.api.NotificationEntities;
import org.plutro.server.http.api.Presenter;
import org.plutro.server.service.BlockService;
import org.plutro.server.service.ImportService;
import org.plutro.server.service.MoveService;
import org.plutro.server.service.PollService;
import org.plutro.server.service.ReadReceipts;
import org.plutro.server.service.ReportService;
import org.plutro.server.service.UpdateProfile;
import org.plutro.server.store.ConversationStore;
import org.plutro.server.store.MemberPrivacyStore;
import org.plutro.server.store.PollStore;
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
    new StreamingRoutes(app).mount(router);
    router.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    router.route().handler(InputGuard.body());
    if (app.settings().secureMode()) {
      router.route().handler(new SecureMode(app));
    }
    new HealthRoutes(app).mount(router);
    new WebFingerRoutes(app).mount(router);
    new HostMetaRoutes(app).mount(router);
    new NodeInfoRoutes(app).mount(router);
    new VisitorRoutes(app).mount(router);
    new InstancePages(app).mount(router);
    new ActorRoutes(app).mount(router);
    new InboxRoutes(app).mount(router);
    new ObjectRoutes(app).mount(router);
    new CollectionRoutes(app).mount(router);
    new OutboxRoutes(app).mount(router);
    new AppsRoutes(app.auth(), app.oauth()).mount(router);
    new OAuthRoutes(app).mount(router);
    new AuthorizeRoutes(app).mount(router);
    new AuthorizedAppsRoutes(app).mount(router);
    new OAuthMetadataRoutes(app).mount(router);
    new InstanceRoutes(app).mount(router);
    new DiscoveryRoutes(app).mount(router);
    Presenter presenter = new Presenter(app);
    new PreferencesRoutes(app.auth(), app.users(), app.memberData()).mount(router);
    new ListsRoutes(app.auth(), app.lists(), presenter, app.uris()).mount(router);
    new FiltersRoutes(app.auth(), app.filters(), app.statuses()).mount(router);
    new FiltersV1Routes(app.auth(), app.filters()).mount(router);
    new AnnouncementsRoutes(app.auth(), app.announcements()).mount(router);
    new ProfileRoutes(app.vertx(), app.auth(), new UpdateProfile(app), app.accounts(), app.users(), app.counts(),
        app.uris(), UpdateProfile.avatarFolder(app)).mount(router);
    new ClosureRoutes(app.vertx(), app.auth(), app.users(), app.passwords(), app.accounts(), app.closeAccount())
        .mount(router);
    // Before AccountsRoutes, whose /api/v1/accounts/:id would take "search" for an id.
    new AccountDiscoveryRoutes(app.auth(), app.accountDiscovery(), app.accounts(), app.relationships(),
        app.fetcher(), app.remoteActors(), presenter).mount(router);
    new PollsRoutes(app.auth(), new PollStore(app.pool()), new PollService(app), app.statuses(),
        app.statusVisibility()).mount(router);
    new AccountsRoutes(app.auth(), app.settings().registrations(), app.registerMember(), app.oauth(),
        app.accounts(), app.users(), app.counts(), app.remoteActors(), app.profileAudience(), app.moves(),
        app.follows(), app.followService(), app.relationships(), app.timelines(), app.statusPresenter(),
        presenter, app.uris()).mount(router);
    new StatusesRoutes(app.auth(), app.users(), app.statusService(), app.scheduledStatuses(), app.statuses(),
        app.statusVisibility(), app.threadService(), app.accounts(), app.statusEdits(), app.media(), presenter,
        app.uris()).mount(router);
    new ScheduledStatusesRoutes(app.auth(), app.scheduledStatuses(), app.media(), app.uris()).mount(router);
    new NotificationsRoutes(app.auth(), app.notifications().store(), new NotificationEntities(app), app.uris())
        .mount(router);
    new InteractionRoutes(app.auth(), app.interactions(), app.users(), app.statuses(), app.statusVisibility(),
        app.timelines(), app.statusPresenter(), presenter, app.uris()).mount(router);
    new TimelinesRoutes(app.auth(), app.timelines(), app.lists(), app.tags(), app.statusViews(),
        app.statusPresenter(), app.filters(), app.uris()).mount(router);
    new TagsRoutes(app.auth(), app.tags(), app.uris()).mount(router);
    new SearchRoutes(app.auth(), app.search(), app.accounts(), app.remoteActors(), app.statuses(),
        app.remoteStatuses(), app.statusVisibility(), app.tags(), app.statusPresenter(), presenter, app.uris())
        .mount(router);
    new ReportsRoutes(app.auth(), new ReportService(app), app.accounts(), presenter).mount(router);
    new SessionsRoutes(app.auth(), app.oauth(), app.webSessions()).mount(router);
    new MoveRoutes(app.vertx(), app.auth(), app.users(), app.passwords(), app.moves(), new MoveService(app))
        .mount(router);
    new ExportRoutes(app.vertx(), app.auth(), app.exports(), app.accounts(), app.moves(), app.statuses(),
        app.statusService(), app.mediaProcessing().files(), app.uris()).mount(router);
    new ImportRoutes(app.auth(), new ImportService(app)).mount(router);
    new AdminReportsRoutes(app).mount(router);
    new AdminAccountsRoutes(app).mount(router);
    new AdminDomainBlocksRoutes(app).mount(router);
    new ConversationsRoutes(app.auth(), new ConversationStore(app.pool()), app.statuses(), new ReadReceipts(app),
        app.statusPresenter(), presenter, app.uris()).mount(router);
    new PrivacySettingsRoutes(app.auth(), new MemberPrivacyStore(app.pool())).mount(router);
    new PushRoutes(app.auth(), app.pushSubscriptions(), app.push()).mount(router);
    new SafetyRoutes(app.pool(), app.auth(), new SafetyStore(app.pool()), new BlockService(app), app.accounts(),
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
