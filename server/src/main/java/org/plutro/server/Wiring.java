package org.plutro.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Duration;
import org.plutro.federation.delivery.DeliveryClient;
import org.plutro.federation.webfinger.WebFingerClient;
import org.plutro.server.c2s.Outbox;
import org.plutro.server.config.Settings;
import org.plutro.server.db.DatabaseAddress;
import org.plutro.server.delivery.ActorProofs;
import org.plutro.server.delivery.ActorSigners;
import org.plutro.server.delivery.DeliveryWorker;
import org.plutro.server.delivery.Publisher;
import org.plutro.server.federation.handler.AcceptHandler;
import org.plutro.server.federation.handler.AddHandler;
import org.plutro.server.federation.handler.RemoveHandler;
import org.plutro.server.federation.handler.QuoteRequestHandler;
import org.plutro.server.federation.handler.ActivityHandlers;
import org.plutro.server.federation.handler.AnnounceHandler;
import org.plutro.server.federation.handler.BlockHandler;
import org.plutro.server.federation.handler.CreateHandler;
import org.plutro.server.federation.handler.DeleteHandler;
import org.plutro.server.federation.handler.FlagHandler;
import org.plutro.server.federation.handler.FollowHandler;
import org.plutro.server.federation.handler.InteractionGate;
import org.plutro.server.federation.handler.LikeHandler;
import org.plutro.server.federation.handler.MoveHandler;
import org.plutro.server.federation.handler.ReadHandler;
import org.plutro.server.federation.handler.RejectHandler;
import org.plutro.server.federation.handler.UndoHandler;
import org.plutro.server.federation.handler.UpdateHandler;
import org.plutro.server.federation.inbox.InboxProcessor;
import org.plutro.server.federation.json.JsonLd;
import org.plutro.server.federation.remote.ActorRefresh;
import org.plutro.server.federation.remote.DocumentFetcher;
import org.plutro.server.federation.remote.FederationClients;
import org.plutro.server.federation.remote.FederationFetcher;
import org.plutro.server.federation.remote.InstanceSigner;
import org.plutro.server.federation.remote.ActorFollowUps;
import org.plutro.server.federation.remote.Backfill;
import org.plutro.server.federation.remote.FeaturedSync;
import org.plutro.server.federation.remote.LinkVerification;
import org.plutro.server.federation.remote.PreviewCards;
import org.plutro.server.media.CardImages;
import org.plutro.server.store.PreviewCardStore;
import org.plutro.server.federation.remote.RemoteActors;
import org.plutro.server.federation.remote.RemotePosts;
import org.plutro.server.federation.remote.RemoteQuotes;
import org.plutro.server.federation.remote.RemoteStatuses;
import org.plutro.server.http.Auth;
import org.plutro.server.http.Cors;
import org.plutro.server.http.ErrorHandler;
import org.plutro.server.http.HealthRoutes;
import org.plutro.server.http.InputGuard;
import org.plutro.server.http.FormRateLimit;
import org.plutro.server.http.RateLimit;
import org.plutro.server.http.activitypub.ActorRoutes;
import org.plutro.server.http.activitypub.CollectionRoutes;
import org.plutro.server.http.activitypub.EmojiRoutes;
import org.plutro.server.http.activitypub.QuoteAuthorizationRoutes;
import org.plutro.server.http.activitypub.InboxRoutes;
import org.plutro.server.http.activitypub.ObjectRoutes;
import org.plutro.server.http.activitypub.OutboxRoutes;
import org.plutro.server.http.activitypub.RenderedActors;
import org.plutro.server.http.activitypub.SecureMode;
import org.plutro.server.http.activitypub.SignedFetch;
import org.plutro.server.http.activitypub.SignedFetches;
import org.plutro.server.http.api.ConversationEntities;
import org.plutro.server.http.api.NotificationEntities;
import org.plutro.server.http.api.Presenter;
import org.plutro.server.http.api.EmojiEntities;
import org.plutro.server.http.api.StatusPresenter;
import org.plutro.server.http.api.admin.AdminAccountEntity;
import org.plutro.server.http.api.admin.AdminAccountsRoutes;
import org.plutro.server.http.api.admin.AdminDomainAllowsRoutes;
import org.plutro.server.http.api.admin.AdminDomainBlocksRoutes;
import org.plutro.server.http.api.admin.AdminReportsRoutes;
import org.plutro.server.http.api.instance.DiscoveryRoutes;
import org.plutro.server.http.api.instance.InstanceRoutes;
import org.plutro.server.http.api.v1.AccountDiscoveryRoutes;
import org.plutro.server.http.api.v1.AccountsRoutes;
import org.plutro.server.http.api.v1.AnnouncementsRoutes;
import org.plutro.server.http.api.v1.AppsRoutes;
import org.plutro.server.http.api.v1.ClosureRoutes;
import org.plutro.server.http.api.v1.ConversationsRoutes;
import org.plutro.server.http.api.v1.EmailsRoutes;
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
import org.plutro.server.http.api.v1.ProfileRoutes;
import org.plutro.server.http.api.v1.PushRoutes;
import org.plutro.server.http.api.v1.ReportsRoutes;
import org.plutro.server.http.api.v1.SafetyRoutes;
import org.plutro.server.http.api.v1.ScheduledStatusesRoutes;
import org.plutro.server.http.api.v1.SessionsRoutes;
import org.plutro.server.http.api.v1.StatusesRoutes;
import org.plutro.server.http.api.v1.QuotesRoutes;
import org.plutro.server.http.api.v1.TagsRoutes;
import org.plutro.server.http.api.v1.TimelinesRoutes;
import org.plutro.server.http.api.v2.FiltersRoutes;
import org.plutro.server.http.api.v2.SearchRoutes;
import org.plutro.server.service.Search;
import org.plutro.server.http.oauth.AuthorizeRoutes;
import org.plutro.server.http.oauth.AuthorizedAppsRoutes;
import org.plutro.server.http.oauth.OAuthRoutes;
import org.plutro.server.http.web.WebSessions;
import org.plutro.server.http.streaming.StreamHub;
import org.plutro.server.http.streaming.StreamingRoutes;
import org.plutro.server.http.web.Assets;
import org.plutro.server.http.web.ErrorPages;
import org.plutro.server.http.web.AboutPages;
import org.plutro.server.http.web.HomePage;
import org.plutro.server.http.web.AccountActions;
import org.plutro.server.http.web.InteractionPages;
import org.plutro.server.http.web.SearchPage;
import org.plutro.server.http.web.PollVotes;
import org.plutro.server.http.web.NotificationsPage;
import org.plutro.server.http.web.ConversationsPage;
import org.plutro.server.http.web.InteractionTargets;
import org.plutro.server.http.web.RemoteInteractionPages;
import org.plutro.server.http.web.RenderedProfiles;
import org.plutro.server.http.web.TagPages;
import org.plutro.server.http.web.MemberPosts;
import org.plutro.server.http.web.ListPages;
import org.plutro.server.http.web.PostActions;
import org.plutro.server.http.web.TimelinePages;
import org.plutro.server.http.web.Pages;
import org.plutro.server.http.web.Site;
import org.plutro.server.http.web.Visits;
import org.plutro.server.http.web.settings.ApplicationsPage;
import org.plutro.server.http.web.settings.DeletePage;
import org.plutro.server.http.web.settings.ExportPage;
import org.plutro.server.http.web.settings.ImportPage;
import org.plutro.server.http.web.settings.InvitesPage;
import org.plutro.server.http.web.settings.MigrationPage;
import org.plutro.server.http.web.settings.SessionsPage;
import org.plutro.server.http.web.MediaFileRoutes;
import org.plutro.server.http.web.RemoteMediaRoutes;
import org.plutro.server.http.web.Notices;
import org.plutro.server.http.web.admin.AccountsPages;
import org.plutro.server.http.web.admin.AuditLines;
import org.plutro.server.http.web.admin.AuditLogPage;
import org.plutro.server.http.web.admin.PendingSignUpsPage;
import org.plutro.server.http.web.admin.AnnouncementsPage;
import org.plutro.server.http.web.admin.RulesPage;
import org.plutro.server.http.web.admin.DashboardPage;
import org.plutro.server.http.web.admin.DeliveriesPage;
import org.plutro.server.http.web.admin.InstancePage;
import org.plutro.server.http.web.admin.InvitesAdminPage;
import org.plutro.server.service.InstanceTexts;
import org.plutro.server.store.DashboardStore;
import org.plutro.server.store.QueueStore;
import org.plutro.server.service.Announcements;
import org.plutro.server.store.InstanceTextStore;
import org.plutro.server.http.web.admin.ReportsPages;
import org.plutro.server.http.web.admin.ServerAllowsPage;
import org.plutro.server.http.web.admin.ServerBlocksPages;
import org.plutro.server.http.web.StaticRoutes;
import org.plutro.server.http.web.settings.BlockSettings;
import org.plutro.server.http.web.settings.EmailPage;
import org.plutro.server.http.web.settings.DomainBlockSettings;
import org.plutro.server.http.web.settings.FilterSettings;
import org.plutro.server.http.web.settings.FollowRequestSettings;
import org.plutro.server.http.web.settings.PrivacySettings;
import org.plutro.server.http.web.settings.ProfileSettings;
import org.plutro.server.http.web.settings.SettingsPage;
import org.plutro.server.http.web.settings.TwoFactorSettings;
import org.plutro.server.http.web.settings.TagSettings;
import org.plutro.server.http.web.auth.ConfirmationPages;
import org.plutro.server.http.web.auth.PasswordPages;
import org.plutro.server.http.web.auth.SignInPage;
import org.plutro.server.http.web.auth.SignUpPage;
import org.plutro.server.http.web.PostPages;
import org.plutro.server.http.web.compose.EditPage;
import org.plutro.server.http.web.compose.HistoryPage;
import org.plutro.server.http.web.compose.PublishPage;
import org.plutro.server.http.web.ProfilePages;
import org.plutro.server.http.web.VisitorPosts;
import org.plutro.server.http.wellknown.HostMetaRoutes;
import org.plutro.server.http.wellknown.NodeInfoRoutes;
import org.plutro.server.http.wellknown.OAuthMetadataRoutes;
import org.plutro.server.http.wellknown.WebFingerRoutes;
import org.plutro.server.mail.Mailer;
import org.plutro.server.media.MediaFiles;
import org.plutro.server.store.CustomEmojiStore;
import org.plutro.server.federation.remote.RemoteEmojis;
import org.plutro.server.media.MediaProcessing;
import org.plutro.server.observe.Metrics;
import org.plutro.server.policy.DomainBlocks;
import org.plutro.server.queue.JobQueue;
import org.plutro.server.service.PersonalSuggestions;
import org.plutro.server.service.Trends;
import org.plutro.server.store.PersonalSuggestionStore;
import org.plutro.server.store.TrendStore;
import org.plutro.server.http.api.TrendEntities;
import org.plutro.server.http.api.admin.AdminTrendsRoutes;
import org.plutro.server.http.web.ExplorePage;
import org.plutro.server.http.web.admin.TrendsPage;
import org.plutro.server.http.web.settings.SuggestionSettings;
import org.plutro.server.queue.QueueEngine;
import org.plutro.server.service.AccountMails;
import org.plutro.server.service.AccountModeration;
import org.plutro.server.service.BlockService;
import org.plutro.server.service.ChangeEmail;
import org.plutro.server.service.CloseAccount;
import org.plutro.server.service.EmailConfirmation;
import org.plutro.server.service.FollowService;
import org.plutro.server.service.ImportRows;
import org.plutro.server.service.ImportService;
import org.plutro.server.service.MemberExport;
import org.plutro.server.service.PasswordConfirmation;
import org.plutro.server.service.InstanceActor;
import org.plutro.server.service.InstanceRules;
import org.plutro.server.service.ModeratedServers;
import org.plutro.server.service.PrivacyPolicy;
import org.plutro.server.service.InteractionService;
import org.plutro.server.service.LocalAccounts;
import org.plutro.server.service.MemberDomainBlocks;
import org.plutro.server.service.MemberPrivacy;
import org.plutro.server.service.MediaService;
import org.plutro.server.service.MentionResolver;
import org.plutro.server.service.MoveService;
import org.plutro.server.service.NotificationService;
import org.plutro.server.service.PasswordReset;
import org.plutro.server.service.PasswordHasher;
import org.plutro.server.service.PollService;
import org.plutro.server.service.ProfileAudience;
import org.plutro.server.service.ProfileBroadcast;
import org.plutro.server.service.Relays;
import org.plutro.server.service.PushService;
import org.plutro.server.service.ReadReceipts;
import org.plutro.server.service.RegisterMember;
import org.plutro.server.service.ReportService;
import org.plutro.server.service.ScheduledStatuses;
import org.plutro.server.service.RemoteMediaCache;
import org.plutro.server.service.SecretBox;
import org.plutro.server.service.SignIn;
import org.plutro.server.service.Totp;
import org.plutro.server.service.TwoFactor;
import org.plutro.server.service.InviteLinks;
import org.plutro.server.service.AuditLog;
import org.plutro.server.service.ServerAllows;
import org.plutro.server.service.ServerBlocks;
import org.plutro.server.service.ModeratorActions;
import org.plutro.server.service.SignUpApprovals;
import org.plutro.server.store.AuditLogStore;
import org.plutro.server.service.StatusService;
import org.plutro.server.service.QuoteService;
import org.plutro.server.service.StatusVisibility;
import org.plutro.server.service.SuspendedAccounts;
import org.plutro.server.service.ThreadService;
import org.plutro.server.service.UpdateProfile;
import org.plutro.server.store.AccountClosureStore;
import org.plutro.server.store.AccountDiscoveryStore;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.AdminAccountStore;
import org.plutro.server.store.AnnouncementStore;
import org.plutro.server.store.BlockStore;
import org.plutro.server.store.ConversationStore;
import org.plutro.server.store.CopyHolderStore;
import org.plutro.server.store.CountStore;
import org.plutro.server.store.DeliveryStore;
import org.plutro.server.store.ExportStore;
import org.plutro.server.store.ImportStore;
import org.plutro.server.store.FavouriteStore;
import org.plutro.server.store.FilterStore;
import org.plutro.server.store.FollowStore;
import org.plutro.server.store.HealthStore;
import org.plutro.server.store.DomainAllowStore;
import org.plutro.server.store.InstanceDomainBlockStore;
import org.plutro.server.store.InstanceStore;
import org.plutro.server.store.BackfillStore;
import org.plutro.server.store.JobStore;
import org.plutro.server.store.RelayStore;
import org.plutro.server.store.RemoteMediaStore;
import org.plutro.server.store.ListStore;
import org.plutro.server.store.MediaStore;
import org.plutro.server.store.MemberDataStore;
import org.plutro.server.store.MemberPrivacyStore;
import org.plutro.server.store.MentionStore;
import org.plutro.server.store.ModerationStore;
import org.plutro.server.store.MoveStore;
import org.plutro.server.store.NotificationStore;
import org.plutro.server.store.OAuthCodeStore;
import org.plutro.server.store.OAuthStore;
import org.plutro.server.store.OwnActivityStore;
import org.plutro.server.store.PollStore;
import org.plutro.server.store.PublicPostStore;
import org.plutro.server.store.PushSubscriptionStore;
import org.plutro.server.store.InviteStore;
import org.plutro.server.store.RateLimitStore;
import org.plutro.server.store.RelationshipStore;
import org.plutro.server.store.ReportStore;
import org.plutro.server.store.SafetyStore;
import org.plutro.server.store.ScheduledStatusStore;
import org.plutro.server.store.SearchStore;
import org.plutro.server.store.StatusEditStore;
import org.plutro.server.store.StatusStore;
import org.plutro.server.store.StatusViewStore;
import org.plutro.server.store.StreamStore;
import org.plutro.server.store.TagStore;
import org.plutro.server.store.ThreadStore;
import org.plutro.server.store.TimelineStore;
import org.plutro.server.store.TwoFactorStore;
import org.plutro.server.store.UserLinkStore;
import org.plutro.server.store.UserStore;
import org.plutro.server.store.VisibilityStore;
import org.plutro.server.store.WebSessionStore;
import org.plutro.server.uri.Uris;

/**
 * The composition root: builds every component of a process once, in dependency order, and hands
 * each exactly what it uses. Nothing else builds components and nothing asks this for one: each
 * HTTP verticle gets a {@link #router} over the shared components, the server gets
 * {@link #workers} and the start and stop steps.
 */
final class Wiring {
  /** Bodies we accept on any route: enough for any activity or API call, bounded for safety. */
  static final long BODY_LIMIT = 1024 * 1024;
  /** A link preview is fetched again when a post links to it after this long (Mastodon: two weeks). */
  static final Duration PREVIEW_CARDS_REFRESH = Duration.ofDays(14);

  // The process.
  final Vertx vertx; // also read by tests (ServerInternals)
  private final Settings settings;
  private final Metrics metrics;
  final Uris uris; // also read by tests (ServerInternals)
  final Pool pool; // also read by tests (ServerInternals)

  // Stores: all the SQL.
  private final AccountStore accounts;
  private final AccountDiscoveryStore accountDiscovery;
  private final AdminAccountStore adminAccounts;
  private final AnnouncementStore announcements;
  private final ConversationStore conversations;
  private final CountStore counts;
  private final ExportStore exports;
  private final FilterStore filters;
  private final FollowStore follows;
  private final HealthStore health;
  private final InstanceDomainBlockStore instanceDomainBlocks;
  private final InstanceStore instance;
  private final ListStore lists;
  private final MediaStore media;
  private final PreviewCardStore previewCards;
  private final CardImages cardImages;
  private final MemberDataStore memberData;
  private final MemberPrivacyStore memberPrivacy;
  private final MoveStore moves;
  private final NotificationStore notificationStore;
  private final OAuthCodeStore oauthCodes;
  private final OAuthStore oauth;
  private final OwnActivityStore ownActivities;
  private final PollStore polls;
  private final PublicPostStore publicPosts;
  private final PushSubscriptionStore pushSubscriptions;
  private final RelationshipStore relationships;
  private final ReportStore reports;
  private final SafetyStore safety;
  private final SearchStore search;
  private final StatusEditStore statusEdits;
  private final MentionStore mentions;
  private final StatusStore statuses;
  private final StatusViewStore statusViews;
  private final TagStore tags;
  private final ThreadStore threads;
  private final TimelineStore timelines;
  private final UserStore users;
  private final WebSessionStore webSessions;

  // Policies, federation plumbing and services.
  private final DomainBlocks domainBlocks;
  private final SuspendedAccounts suspendedAccounts;
  private final ActorSigners signers;
  private final Publisher publisher;
  private final DocumentFetcher fetcher;
  final RemoteActors remoteActors; // also read by tests (ServerInternals)
  final RemotePosts remotePosts; // also read by tests (ServerInternals)
  private final RemoteStatuses remoteStatuses;
  private final Backfill backfill;
  private final JobQueue jobs;
  private final InboxProcessor inboxProcessor;
  private final PasswordHasher passwords;
  private final RegisterMember registerMember;
  private final EmailConfirmation emailConfirmation;
  private final ChangeEmail changeEmail;
  private final PasswordReset passwordReset;
  private final SignUpApprovals signUpApprovals;
  private final AuditLog auditLog;
  private final ServerBlocks serverBlocks;
  private final ServerAllows serverAllows;
  private final ModeratorActions moderatorActions;
  private final InviteLinks inviteLinks;
  private final SignIn signIn;
  private final PasswordConfirmation passwordConfirmation;
  private final TwoFactor twoFactor;
  private final Auth auth;
  private final RateLimit rateLimit;
  private final FormRateLimit formRateLimit;
  private final MediaProcessing mediaProcessing;
  final RemoteMediaCache remoteMedia; // also read by tests (ServerInternals)
  final MediaService mediaService; // also read by tests (ServerInternals)
  private final LocalAccounts localAccounts;
  private final StatusVisibility statusVisibility;
  private final ProfileAudience profileAudience;
  private final FollowService followService;
  private final BlockService blockService;
  private final StatusService statusService;
  private final QuoteService quoteService;
  private final ScheduledStatuses scheduledStatuses;
  private final ThreadService threadService;
  private final InteractionService interactions;
  private final InteractionGate interactionGate;
  private final PollService pollService;
  private final ReadReceipts readReceipts;
  private final ReportService reportService;
  private final InstanceRules instanceRules;
  private final InstanceTexts instanceTexts;
  private final ModeratedServers moderatedServers;
  private final PrivacyPolicy privacyPolicy;
  private final WebFingerClient webfinger;
  private final AccountModeration accountModeration;
  private final UpdateProfile updateProfile;
  private final MemberPrivacy privacyChoices;
  private final MemberDomainBlocks memberDomainBlocks;
  private final MoveService moveService;
  private final ImportService importService;
  private final ImportRows importRows;
  private final CloseAccount closeAccount;
  private final MemberExport memberExport;
  private final PushService push;
  private final Outbox outbox;
  private final SignedFetches signedFetches;

  // What several routes render with, and the streaming API.
  private final StatusPresenter statusPresenter;
  private final CustomEmojiStore customEmojis;
  private final EmojiEntities emojiEntities;
  private final Presenter presenter;
  private final NotificationEntities notificationEntities;
  private final ConversationEntities conversationEntities;
  private final StreamHub streams;
  private final RenderedActors renderedActors;
  private final RenderedProfiles renderedProfiles;
  private final TrendStore trendStore;
  final Trends trends; // also run by tests (ServerInternals)
  final PersonalSuggestions personalSuggestions; // also run by tests (ServerInternals)

  Wiring(Vertx vertx, Settings settings, Metrics metrics, Pool pool, SqlClient pipelined,
      FederationClients clients) {
    this.vertx = vertx;
    this.settings = settings;
    this.metrics = metrics;
    // Two-factor secrets are sealed with a key kept in the data folder, not in the database; our
    // addresses for remote media are signed with one derived from it.
    SecretBox secrets = SecretBox.fromFile(settings.secretKeyFile());
    this.uris = new Uris(settings.publicUrl(), secrets.derivedKey("remote media addresses"));
    this.cardImages = new CardImages(uris.remoteMedia());
    this.pool = pool;

    // Reads that are many and small go through the pipelined client; transactions through the pool.
    accounts = new AccountStore(pool, pipelined);
    accountDiscovery = new AccountDiscoveryStore(pool);
    adminAccounts = new AdminAccountStore(pool);
    announcements = new AnnouncementStore(pool);
    conversations = new ConversationStore(pool);
    counts = new CountStore(pool);
    exports = new ExportStore(pool);
    filters = new FilterStore(pool);
    follows = new FollowStore(pool);
    health = new HealthStore(pool);
    instanceDomainBlocks = new InstanceDomainBlockStore(pool);
    instance = new InstanceStore(pool);
    lists = new ListStore(pool);
    media = new MediaStore(pool);
    memberData = new MemberDataStore(pool);
    memberPrivacy = new MemberPrivacyStore(pool);
    moves = new MoveStore(pool);
    notificationStore = new NotificationStore(pool);
    oauthCodes = new OAuthCodeStore(pool);
    oauth = new OAuthStore(pool);
    ownActivities = new OwnActivityStore(pool);
    polls = new PollStore(pool);
    publicPosts = new PublicPostStore(pool);
    pushSubscriptions = new PushSubscriptionStore(pool);
    relationships = new RelationshipStore(pool);
    reports = new ReportStore(pool);
    safety = new SafetyStore(pool);
    search = new SearchStore(pipelined);
    statusEdits = new StatusEditStore(pool);
    statuses = new StatusStore(pipelined);
    statusViews = new StatusViewStore(pipelined);
    previewCards = new PreviewCardStore(pool, pipelined);
    tags = new TagStore(pipelined);
    threads = new ThreadStore(pool);
    timelines = new TimelineStore(pipelined, statusViews);
    users = new UserStore(pool);
    webSessions = new WebSessionStore(pool);
    FavouriteStore favourites = new FavouriteStore(pool);
    BlockStore blocks = new BlockStore(pool);
    mentions = new MentionStore(pool);
    CopyHolderStore copyHolders = new CopyHolderStore(pool);
    customEmojis = new CustomEmojiStore(pipelined);

    // Federation plumbing: who is blocked, signing, fetching remote documents.
    domainBlocks = new DomainBlocks(vertx, pipelined, settings.limitedFederation());
    suspendedAccounts = new SuspendedAccounts(vertx, accounts);
    signers = new ActorSigners(accounts);
    publisher = new Publisher(uris, new ActorProofs(uris), domainBlocks::mayFederateUrl);
    JsonLd jsonLd = new JsonLd(vertx);
    fetcher = new FederationFetcher(clients.http(), clients.webfinger(), jsonLd,
        new InstanceSigner(accounts, signers, uris), domainBlocks);
    JobStore jobStore = new JobStore(pool, pipelined);
    RemoteMediaStore remoteMediaStore = new RemoteMediaStore(pool);
    RemoteEmojis remoteEmojis = new RemoteEmojis(customEmojis, domainBlocks);
    remoteActors = new RemoteActors(uris, accounts, fetcher, moves, domainBlocks,
        new ActorFollowUps(jobStore, remoteMediaStore, settings.federationAllowPrivate()), remoteEmojis);
    remotePosts = new RemotePosts(pool, uris, statuses, fetcher, remoteActors, domainBlocks,
        remoteEmojis, new RemoteQuotes(pool, uris, statuses, fetcher));
    remoteStatuses = new RemoteStatuses(uris, statuses, remotePosts);
    jobs = new JobQueue(vertx, jobStore, Duration.ofSeconds(settings.queueLeaseSeconds()),
        settings.jobsConcurrency());
    backfill = new Backfill(uris, accounts, statuses, new BackfillStore(pool), jobStore, jobs, fetcher,
        remotePosts, remoteStatuses);

    // Members, their sign-ins and their media.
    passwords = new PasswordHasher();
    // Account mails (confirm the address, reset the password...) go through the job queue.
    UserLinkStore userLinks = new UserLinkStore(pool);
    AccountMails accountMails = new AccountMails(users, accounts, userLinks,
        Mailer.of(vertx, settings.smtp(), settings.publicUrl().getHost()), uris, settings.instanceName());
    jobs.register(AccountMails.JOB, accountMails::send);
    registerMember = new RegisterMember(vertx, pool, uris, users, passwords, settings.registrations(),
        jobs::wake);
    emailConfirmation = new EmailConfirmation(pool, users, userLinks, oauth, jobs::wake);
    changeEmail = new ChangeEmail(vertx, pool, users, passwords, jobs::wake);
    passwordReset = new PasswordReset(vertx, pool, users, userLinks, oauth, passwords, jobs::wake);
    signUpApprovals = new SignUpApprovals(pool, users, oauth, jobs::wake);
    auditLog = new AuditLog(new AuditLogStore(pool));
    // Discovery: trends, and suggestions for members who turned them on; each refreshed by a job.
    trendStore = new TrendStore(pool);
    trends = new Trends(pool, trendStore, jobStore, auditLog);
    personalSuggestions = new PersonalSuggestions(pool, new PersonalSuggestionStore(pool), accountDiscovery,
        jobStore);
    inviteLinks = new InviteLinks(new InviteStore(pool), settings.registrations(), settings.invitesByMembers());
    passwordConfirmation = new PasswordConfirmation(vertx, users, passwords);
    TwoFactorStore twoFactorStore = new TwoFactorStore(pool);
    twoFactor = new TwoFactor(vertx, twoFactorStore, secrets, new Totp(Clock.systemUTC()),
        passwords, settings.publicUrl().getHost());
    signIn = new SignIn(vertx, users, webSessions, passwords, twoFactor, twoFactorStore);
    auth = new Auth(oauth);
    rateLimit = new RateLimit(vertx, new RateLimitStore(pipelined), settings.rateLimitRequests(),
        settings.rateLimitPeriodSeconds(), settings.rateLimitSignUps(),
        settings.rateLimitSignUpPeriodSeconds());
    formRateLimit = new FormRateLimit(vertx, new RateLimitStore(pipelined), settings.rateLimitWebForms(),
        settings.rateLimitWebFormPeriodSeconds());
    mediaProcessing = new MediaProcessing(vertx, new MediaFiles(settings.mediaDir()));
    mediaService = new MediaService(pool, media, mediaProcessing, new MediaProcessing.Limits(
        settings.mediaMaxImageBytes(), settings.mediaMaxVideoBytes()));
    localAccounts = new LocalAccounts(accounts, uris);
    // Others' media, copied here so that readers never contact their servers.
    remoteMedia = new RemoteMediaCache(vertx, clients.http(), domainBlocks,
        new MediaProcessing(vertx, new MediaFiles(settings.mediaCacheDir())), remoteMediaStore,
        new MediaProcessing.Limits(settings.mediaMaxImageBytes(), settings.mediaMaxVideoBytes()),
        settings.mediaCacheMaxMb() * 1024 * 1024);

    // What members and remote actors do.
    statusVisibility = new StatusVisibility(new VisibilityStore(pool));
    profileAudience = new ProfileAudience(follows);
    NotificationService notifications = new NotificationService(pool, notificationStore);
    followService = new FollowService(pool, uris, follows, publisher);
    blockService = new BlockService(pool, uris, followService, publisher);
    quoteService = new QuoteService(pool, statuses, accounts, statusVisibility, publisher,
        remotePosts, uris);
    statusService = new StatusService(pool, uris, statuses, accounts, publisher, statusVisibility,
        new MentionResolver(uris, accounts, remoteActors), quoteService);
    scheduledStatuses = new ScheduledStatuses(pool, new ScheduledStatusStore(pool), accounts,
        statusService, suspendedAccounts);
    threadService = new ThreadService(uris, threads, remotePosts, backfill);
    interactions = new InteractionService(pool, statuses, accounts, publisher);
    interactionGate = new InteractionGate(pool, statuses, publisher);
    pollService = new PollService(pool, uris, accounts, statuses, statusVisibility, publisher);
    readReceipts = new ReadReceipts(pool, accounts, publisher);
    InstanceTextStore instanceTextStore = new InstanceTextStore(pool);
    instanceTexts = new InstanceTexts(instanceTextStore);
    instanceRules = new InstanceRules(vertx, settings.dataDir(), instanceTextStore);
    moderatedServers = new ModeratedServers(instanceDomainBlocks);
    serverBlocks = new ServerBlocks(pool, instanceDomainBlocks, domainBlocks, auditLog);
    serverAllows = new ServerAllows(new DomainAllowStore(pool), domainBlocks, auditLog);
    privacyPolicy = new PrivacyPolicy(vertx, settings.dataDir(), instanceTexts);
    webfinger = clients.webfinger();
    reportService = new ReportService(pool, uris, accounts, localAccounts, statuses, publisher,
        instanceRules);
    accountModeration = new AccountModeration(pool, accounts, new ModerationStore(pool), oauth, followService,
        remoteActors, suspendedAccounts);
    moderatorActions = new ModeratorActions(accountModeration, reports, reportService, signUpApprovals,
        auditLog);
    updateProfile = new UpdateProfile(vertx, pool, uris, oauth, settings.dataDir());
    privacyChoices = new MemberPrivacy(memberPrivacy);
    memberDomainBlocks = new MemberDomainBlocks(pool, uris, safety);
    moveService = new MoveService(pool, accounts, moves, oauth, remoteActors, followService, publisher);
    ImportStore importStore = new ImportStore(pool);
    importService = new ImportService(pool, uris, exports, lists, importStore, jobs);
    importRows = new ImportRows(pool, accounts, remoteActors, remoteStatuses, statusVisibility,
        followService, blockService, interactions, safety, lists, importStore);
    memberExport = new MemberExport(vertx, exports, accounts, users, moves, statuses, statusService,
        mediaProcessing.files(), uris);
    closeAccount = new CloseAccount(vertx, pool, accounts, copyHolders, new AccountClosureStore(pool),
        oauth, publisher, settings.closedAccountRetentionDays(),
        UpdateProfile.avatarFolder(settings.dataDir()));
    push = new PushService(pushSubscriptions, uris, settings.publicUrl().toString(), clients.http());
    outbox = new Outbox(uris, localAccounts, remoteActors, remoteStatuses, statuses, statusVisibility,
        media, ownActivities, statusService, followService, blockService, interactions, users, jsonLd);
    signedFetches = new SignedFetches(uris, settings.publicUrl().getScheme(), remoteActors, copyHolders);

    // Incoming activities: one handler per type.
    Relays relays = new Relays(pool, uris, new InstanceActor(vertx, pool, uris, accounts), new RelayStore(pool), publisher,
        settings.federationAllowPrivate());
    ActivityHandlers handlers = new ActivityHandlers(
        new FollowHandler(localAccounts, blocks, followService),
        new AcceptHandler(follows, accounts, localAccounts, followService, relays, quoteService),
        new RejectHandler(uris, accounts, statuses, follows, localAccounts, followService, interactions,
            statusService, relays, quoteService),
        new UndoHandler(accounts, localAccounts, follows, favourites, statuses, blocks, followService,
            notifications),
        new CreateHandler(pollService, interactionGate, remotePosts),
        new UpdateHandler(statuses, remoteActors, remotePosts),
        new DeleteHandler(statuses, remoteActors, remoteMedia, quoteService),
        new LikeHandler(statuses, statusVisibility, favourites, notifications),
        new AnnounceHandler(remoteStatuses, remotePosts, interactionGate),
        new BlockHandler(localAccounts, blocks),
        new ReadHandler(uris, statuses, mentions, accounts, readReceipts),
        new FlagHandler(reportService, domainBlocks),
        new MoveHandler(moveService),
        new AddHandler(remoteStatuses, pool),
        new RemoveHandler(statuses, pool),
        new QuoteRequestHandler(quoteService));
    inboxProcessor = new InboxProcessor(accounts, remoteActors, jsonLd, suspendedAccounts, handlers, jobs,
        jobStore);

    // Background jobs, by name.
    ActorRefresh actorRefresh = new ActorRefresh(jobStore, jobs, remoteActors);
    remoteActors.onStale(actorRefresh::request);
    jobs.register(InboxProcessor.JOB, inboxProcessor::process);
    jobs.register(ActorRefresh.JOB, actorRefresh::run);
    jobs.register(Backfill.ACCOUNT_JOB, backfill::account);
    jobs.register(Backfill.REPLIES_JOB, backfill::replies);
    jobs.register(LinkVerification.JOB, new LinkVerification(accounts, clients.http(),
        settings.federationAllowPrivate())::run);
    if (settings.linkPreviewTimeoutSeconds() > 0) {
      PreviewCards linkPreviews = new PreviewCards(statuses, previewCards,
          clients.pages(vertx, settings, settings.linkPreviewTimeoutSeconds()), domainBlocks, uris,
          PREVIEW_CARDS_REFRESH);
      jobs.register(PreviewCards.JOB, linkPreviews::run);
      jobs.register(PreviewCards.BATCH_JOB, linkPreviews::runNew);
    } else {
      jobs.register(PreviewCards.JOB, payload -> Future.succeededFuture());
      jobs.register(PreviewCards.BATCH_JOB, payload -> Future.succeededFuture());
    }
    jobs.register(FeaturedSync.JOB, new FeaturedSync(accounts, fetcher, remoteStatuses, pool)::run);
    jobs.register(ProfileBroadcast.JOB, new ProfileBroadcast(pool, uris, accounts, moves, publisher)::run);
    jobs.register(CloseAccount.PURGE_JOB, closeAccount::purge);
    jobs.register(ImportService.JOB, importRows::run);
    jobs.register(PollService.ENDED_JOB, pollService::ended);
    jobs.register(PollService.COUNTS_JOB, pollService::announceCounts);
    jobs.register(PushService.JOB, push::deliver);
    jobs.register(ScheduledStatusStore.JOB, scheduledStatuses::publish);
    jobs.register(RemoteMediaCache.JOB, remoteMedia::run);
    jobs.register(Trends.JOB, trends::run);
    jobs.register(PersonalSuggestions.JOB, personalSuggestions::run);

    // Rendering, shared by the API and the streaming API.
    emojiEntities = new EmojiEntities(customEmojis, uris);
    statusPresenter = new StatusPresenter(statusViews, new MediaStore(pipelined), new PollStore(pipelined),
        emojiEntities, uris, cardImages);
    presenter = new Presenter(counts, uris, statusPresenter, emojiEntities);
    renderedActors = new RenderedActors();
    renderedProfiles = new RenderedProfiles();
    notificationEntities = new NotificationEntities(accounts, statuses, presenter);
    conversationEntities = new ConversationEntities(conversations, statusPresenter, readReceipts,
        presenter);
    streams = new StreamHub(vertx, new StreamStore(pool), statuses, accounts, statusPresenter,
        notificationStore, notificationEntities, conversations, conversationEntities);
  }

  /**
   * Once the database answers, before anything is served: the instance actor exists (it signs,
   * FEP-2677) and the moderators' blocks are in force. Nothing built above has connected yet.
   */
  Future<Void> prepare() {
    return Future.all(new InstanceActor(vertx, pool, uris, accounts).ensure(), domainBlocks.refresh(),
        suspendedAccounts.refresh(), trends.schedule(), personalSuggestions.schedule()).mapEmpty();
  }

  /** The queues, the database subscription and housekeeping of this process (not started yet). */
  Workers workers(DatabaseAddress database, DeliveryClient deliveryClient) {
    DeliveryWorker sender = new DeliveryWorker(new DeliveryStore(pool), deliveryClient, signers, metrics,
        domainBlocks, Duration.ofMillis(settings.deliverySlotMillis()));
    // Spread over event loops: signing and the connections to thousands of servers would
    // otherwise all run on one thread, one core.
    QueueEngine<DeliveryStore.Due> deliveries = new QueueEngine<>(vertx, "deliveries", sender,
        Duration.ofSeconds(settings.queueLeaseSeconds()), settings.deliveryConcurrency(),
        settings.deliveryMaxWaiting(),
        Math.max(1, Runtime.getRuntime().availableProcessors()));
    return new Workers(vertx, database, jobs, deliveries, streams, oauth,
        new Housekeeping(vertx, pool, settings.ipRetentionDays(), remoteMedia));
  }

  /** Ends the streaming connections, before the event loops stop. */
  void closeStreams() {
    streams.closeAll();
  }

  /**
   * The routes of one HTTP verticle, in the order they match. The routes and pages are built per
   * router; the stores and services under them are this process's one set.
   */
  Router router() {
    Router router = Router.router(vertx);
    router.route().handler(InputGuard.url());
    router.route().handler(new Cors());
    router.route().handler(rateLimit);
    router.route().handler(formRateLimit);
    MediaRoutes mediaRoutes = new MediaRoutes(auth, mediaService, mediaProcessing.files(), uris);
    mediaRoutes.mountUploads(router); // their own body handler (files on disk, larger limit) comes first
    ProfileRoutes.mountBodyHandler(router, settings.dataDir());
    ProfileSettings.mountBodyHandler(router, settings.dataDir());
    ImportPage.mountBodyHandler(router, settings.dataDir());
    PublishPage.mountBodyHandler(router, mediaProcessing.files().uploads(), mediaService);
    String publicScheme = settings.publicUrl().getScheme();
    // The web pages' frame: who is visiting, the templates, the stylesheet and script.
    Assets assets = Assets.standard();
    Site site = new Site(settings.instanceName(), settings.instanceDescription(),
        settings.contactEmail(), settings.registrations(), settings.invitesByMembers(), assets);
    WebSessions sessionCookies = new WebSessions(webSessions, "https".equals(publicScheme));
    Visits visits = new Visits(site, sessionCookies);
    Notices notices = new Notices("https".equals(publicScheme));
    Pages pages = new Pages(notices, notificationStore);
    // Before the body handler, which would read the request a WebSocket upgrade must take over.
    new StreamingRoutes(auth, vertx, streams, ctx -> visits.of(ctx).map(visit -> visit.signedIn()
        && visit.user().functional() ? java.util.Optional.of(visit.member().id())
            : java.util.Optional.<Long>empty()))
        .mount(router);
    router.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    router.route().handler(InputGuard.body());
    SignedFetch signedFetch = new SignedFetch(uris, publicScheme, remoteActors, domainBlocks);
    // Limited federation mode requires signed fetches, as Mastodon's does.
    if (settings.secureMode() || settings.limitedFederation()) {
      router.route().handler(new SecureMode(signedFetch, domainBlocks));
    }

    assets.mount(router);

    // Discovery and visitors' pages.
    new HealthRoutes(health).mount(router);
    new WebFingerRoutes(accounts, uris).mount(router);
    new HostMetaRoutes(uris).mount(router);
    new NodeInfoRoutes(uris, users, oauth, counts, settings.registrations(), settings.instanceName(),
        settings.instanceDescription(), settings.limitedFederation()).mount(router);
    VisitorPosts visitorPosts = new VisitorPosts(accounts, media, customEmojis, uris);
    ProfilePages profilePages = new ProfilePages(visits, pages, publicPosts, visitorPosts, counts,
        profileAudience, accounts, uris, renderedProfiles, relationships);
    profilePages.mount(router);
    new HomePage(visits, pages, instanceRules, users, publicPosts, visitorPosts,
        settings.timelinePreview(), uris.authority()).mount(router);
    new AboutPages(visits, pages, instanceRules, moderatedServers, privacyPolicy, instanceTexts,
        new AboutPages.Retention(settings.ipRetentionDays(), settings.closedAccountRetentionDays()), uris,
        settings.limitedFederation()).mount(router);
    // A member's reading: timelines and the buttons under each post, as the API shows and acts.
    MemberPosts memberPosts = new MemberPosts(statusPresenter, filters);
    // Search: one service for the API and the page.
    Search searchService = new Search(search, accounts, follows, remoteActors, statuses, remoteStatuses,
        statusVisibility, tags, uris);
    TimelinePages timelinePages = new TimelinePages(visits, pages, timelines, tags, memberPosts);
    timelinePages.mount(router);
    new PostActions(visits, interactions, statusService, statuses, statusVisibility, users).mount(router);
    new PollVotes(visits, pages, notices, pollService, memberPosts).mount(router);
    new ListPages(visits, pages, lists, follows, timelines, memberPosts, uris).mount(router);
    new TagPages(visits, pages, tags, publicPosts, visitorPosts, timelinePages).mount(router);
    InteractionTargets interactionTargets = new InteractionTargets(uris, accounts, statuses,
        remoteActors, remoteStatuses, statusVisibility);
    new InteractionPages(visits, pages, interactionTargets, visitorPosts, follows, statuses,
        followService, interactions, statusService, uris).mount(router);
    new RemoteInteractionPages(visits, pages, interactionTargets, visitorPosts, webfinger, uris)
        .mount(router);

    // A person's account: signing up, confirming the address, signing in and out, passwords.
    new SignUpPage(visits, pages, registerMember, users, accounts, uris).mount(router);
    new SignInPage(visits, pages, signIn).mount(router);
    new ConfirmationPages(visits, pages, emailConfirmation).mount(router);
    new PasswordPages(visits, pages, passwordReset).mount(router);
    new EmailPage(visits, pages, changeEmail, users).mount(router);

    // ActivityPub.
    new ActorRoutes(accounts, renderedActors, uris, signedFetches, profilePages, customEmojis).mount(router);
    new InboxRoutes(inboxProcessor, accounts, domainBlocks, metrics, uris, publicScheme).mount(router);
    new ObjectRoutes(accounts, statuses, threads, statusService, statusVisibility, interactionGate,
        signedFetch, signedFetches, uris, new PostPages(visits, pages, threadService, visitorPosts,
        previewCards, cardImages, memberPosts, statusVisibility))
        .mount(router);
    new CollectionRoutes(accounts, follows, statuses, pool, uris, signedFetches).mount(router);
    new QuoteAuthorizationRoutes(accounts, quoteService).mount(router);
    new EmojiRoutes(customEmojis, uris).mount(router);
    new OutboxRoutes(auth, outbox, accounts, statuses, timelines).mount(router);

    // OAuth.
    new AppsRoutes(auth, oauth).mount(router);
    new OAuthRoutes(oauth, oauthCodes, signIn).mount(router);
    new AuthorizeRoutes(oauth, oauthCodes, visits, pages, signIn).mount(router);
    new AuthorizedAppsRoutes(auth, oauth).mount(router);
    new OAuthMetadataRoutes(uris).mount(router);

    // The Mastodon API.
    new InstanceRoutes(settings, uris, instance, users, oauth, counts, push, presenter, instanceRules,
        moderatedServers).mount(router);
    TrendEntities trendEntities = new TrendEntities(tags, trendStore, statusPresenter, cardImages, uris);
    new DiscoveryRoutes(auth, emojiEntities, trends, trendEntities).mount(router);
    new PreferencesRoutes(auth, users, memberData).mount(router);
    new ListsRoutes(auth, lists, presenter, uris).mount(router);
    new FiltersRoutes(auth, filters, statuses).mount(router);
    new FiltersV1Routes(auth, filters).mount(router);
    new AnnouncementsRoutes(auth, announcements).mount(router);
    new ProfileRoutes(vertx, auth, updateProfile, accounts, users, counts, uris,
        UpdateProfile.avatarFolder(settings.dataDir()), emojiEntities).mount(router);
    new ClosureRoutes(auth, users, passwordConfirmation, accounts, closeAccount).mount(router);
    // Before AccountsRoutes, whose /api/v1/accounts/:id would take "search" for an id.
    new AccountDiscoveryRoutes(auth, accountDiscovery, accounts, relationships, fetcher, remoteActors,
        presenter, personalSuggestions).mount(router);
    new PollsRoutes(auth, polls, pollService, statuses, statusVisibility).mount(router);
    new AccountsRoutes(auth, registerMember, oauth, accounts, users, counts,
        remoteActors, profileAudience, moves, follows, followService, relationships, timelines,
        statusPresenter, presenter, backfill, uris).mount(router);
    new StatusesRoutes(auth, users, statusService, scheduledStatuses, statuses, statusVisibility,
        threadService, accounts, statusEdits, media, presenter, uris).mount(router);
    new QuotesRoutes(auth, quoteService, statusPresenter, uris).mount(router);
    new ScheduledStatusesRoutes(auth, scheduledStatuses, media, uris).mount(router);
    new NotificationsRoutes(auth, notificationStore, notificationEntities, uris).mount(router);
    new InteractionRoutes(auth, interactions, users, statuses, statusVisibility, timelines,
        statusPresenter, presenter, uris).mount(router);
    new TimelinesRoutes(auth, timelines, lists, tags, statusViews, statusPresenter, filters, uris)
        .mount(router);
    new TagsRoutes(auth, tags, uris).mount(router);
    new SearchRoutes(auth, searchService, tags, statusPresenter, presenter, uris).mount(router);
    new ReportsRoutes(auth, reportService, accounts, presenter).mount(router);
    new SessionsRoutes(auth, oauth, webSessions).mount(router);
    new MoveRoutes(auth, passwordConfirmation, moves, moveService).mount(router);
    new ExportRoutes(vertx, auth, memberExport).mount(router);
    new ImportRoutes(auth, importService).mount(router);
    new EmailsRoutes(auth, users, emailConfirmation).mount(router);
    AdminAccountEntity adminAccountEntity = new AdminAccountEntity(accounts, users, webSessions,
        presenter);
    new AdminReportsRoutes(auth, users, reports, reportService, statuses, presenter, adminAccountEntity,
        moderatorActions, uris).mount(router);
    new AdminAccountsRoutes(auth, users, accounts, adminAccounts, moderatorActions, adminAccountEntity, uris)
        .mount(router);
    new AdminDomainBlocksRoutes(auth, users, serverBlocks).mount(router);
    new AdminDomainAllowsRoutes(auth, users, serverAllows).mount(router);
    new AdminTrendsRoutes(auth, users, trends, trendEntities).mount(router);
    new ConversationsRoutes(auth, conversations, statuses, readReceipts, conversationEntities, uris)
        .mount(router);
    new PrivacySettingsRoutes(auth, privacyChoices).mount(router);
    new PushRoutes(auth, pushSubscriptions, push).mount(router);
    new SafetyRoutes(auth, safety, blockService, memberDomainBlocks, accounts, relationships,
        presenter, uris).mount(router);
    // The member's settings: their data, sessions and leaving.
    new SessionsPage(visits, pages, webSessions, oauth).mount(router);
    new ApplicationsPage(visits, pages, oauth).mount(router);
    new ExportPage(vertx, visits, pages, memberExport).mount(router);
    new ImportPage(vertx, visits, pages, importService).mount(router);
    new MigrationPage(visits, pages, moves, moveService, passwordConfirmation, uris.authority())
        .mount(router);
    new DeletePage(visits, pages, closeAccount, passwordConfirmation, uris.authority(),
        "https".equals(publicScheme)).mount(router);
    mediaRoutes.mount(router);

    // The member's settings pages: the same services as the API above.
    SettingsPage settingsPage = new SettingsPage(pages, visits, notices);
    new ProfileSettings(settingsPage, updateProfile, uris).mount(router);
    new PrivacySettings(settingsPage, updateProfile, privacyChoices).mount(router);
    new FollowRequestSettings(settingsPage, follows, followService, accounts, uris).mount(router);
    new BlockSettings(settingsPage, safety, blockService, accounts, uris).mount(router);
    // A member's social pages: the buttons on profiles, notifications, messages, search.
    new AccountActions(visits, accounts, followService, blockService, safety).mount(router);
    new SearchPage(visits, pages, searchService, memberPosts, uris).mount(router);
    new NotificationsPage(visits, pages, notificationStore, memberData, accounts, statuses,
        conversations, visitorPosts, uris).mount(router);
    new ConversationsPage(visits, pages, conversations, statuses, threadService, readReceipts,
        visitorPosts, uris).mount(router);
    // Mastodon's path; the requests are answered on the settings page.
    router.get("/follow_requests").handler(ctx -> Notices.redirect(ctx, FollowRequestSettings.PATH));
    new DomainBlockSettings(settingsPage, safety, memberDomainBlocks).mount(router);
    new FilterSettings(settingsPage, filters).mount(router);
    new TagSettings(settingsPage, tags, uris).mount(router);
    new SuggestionSettings(settingsPage, personalSuggestions).mount(router);
    new TwoFactorSettings(settingsPage, twoFactor).mount(router);
    new InvitesPage(settingsPage, inviteLinks, uris).mount(router);
    // Writing: composing, replying, quoting, editing (the same services as the API).
    new PublishPage(visits, pages, users, statuses, statusVisibility, mentions, memberPosts,
        statusService, mediaService).mount(router);
    new EditPage(visits, pages, statuses, polls, visitorPosts, statusService).mount(router);
    new HistoryPage(visits, pages, statuses, statusVisibility, statusEdits, visitorPosts).mount(router);
    // An admin's pages: the same services as the admin API.
    PendingSignUpsPage pendingSignUps = new PendingSignUpsPage(visits, pages, notices, signUpApprovals, auditLog,
        uris.authority());
    pendingSignUps.mount(router);
    AuditLines auditLines = new AuditLines(accounts, reports);
    new ReportsPages(visits, pages, notices, reports, reportService, moderatorActions, accounts, statuses, presenter,
        auditLog, auditLines, uris.authority()).mount(router);
    new AccountsPages(visits, pages, notices, pendingSignUps, adminAccounts, accounts, users, webSessions,
        moderatorActions, auditLog, auditLines, uris.authority()).mount(router);
    new ServerBlocksPages(visits, pages, notices, serverBlocks).mount(router);
    new ServerAllowsPage(visits, pages, notices, serverAllows).mount(router);
    new AuditLogPage(visits, pages, auditLog, auditLines).mount(router);
    new AnnouncementsPage(visits, pages, notices, new Announcements(announcements), auditLog).mount(router);
    new RulesPage(visits, pages, notices, instanceRules, auditLog).mount(router);
    new InstancePage(visits, pages, notices, instanceTexts, auditLog).mount(router);
    new InvitesAdminPage(visits, pages, notices, inviteLinks, auditLog, uris).mount(router);
    QueueStore queue = new QueueStore(pool);
    new DeliveriesPage(visits, pages, notices, queue, auditLog).mount(router);
    new DashboardPage(visits, pages, new DashboardStore(pool), queue).mount(router);
    new TrendsPage(visits, pages, notices, trends, tags, visitorPosts, cardImages).mount(router);
    new ExplorePage(visits, pages, notices, trends, personalSuggestions, tags, accounts, visitorPosts,
        memberPosts, cardImages, uris).mount(router);

    new MediaFileRoutes(mediaProcessing.files()).mount(router);
    new RemoteMediaRoutes(remoteMedia, uris).mount(router);
    new StaticRoutes().mount(router);

    ErrorHandler errors = new ErrorHandler(new ErrorPages(pages, visits));
    router.route().last().handler(ctx -> ctx.fail(404));
    router.errorHandler(404, errors);
    router.errorHandler(405, errors);
    router.errorHandler(413, errors);
    router.errorHandler(400, errors);
    router.errorHandler(500, errors);
    router.route().failureHandler(errors);
    return router;
  }
}
