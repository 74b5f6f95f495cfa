package org.plutro.server;

import org.plutro.server.federation.remote.FederationClients;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.util.Optional;
import org.plutro.server.config.Settings;
import org.plutro.server.delivery.ActorProofs;
import org.plutro.server.delivery.ActorSigners;
import org.plutro.server.delivery.Publisher;
import org.plutro.server.domain.Account;
import org.plutro.server.federation.handler.AcceptHandler;
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
import org.plutro.federation.http.RequestSigner;
import org.plutro.server.federation.remote.DocumentFetcher;
import org.plutro.server.federation.remote.FederationFetcher;
import org.plutro.server.federation.remote.ActorRefresh;
import org.plutro.server.federation.remote.RemoteActors;
import org.plutro.server.federation.remote.RemotePosts;
import org.plutro.server.federation.remote.RemoteStatuses;
import org.plutro.server.http.api.NotificationEntities;
import org.plutro.server.http.api.Presenter;
import org.plutro.server.http.api.StatusPresenter;
import org.plutro.server.http.api.v1.ConversationsRoutes;
import org.plutro.server.observe.Metrics;
import org.plutro.server.service.InteractionService;
import org.plutro.server.service.PushService;
import org.plutro.server.service.SuspendedAccounts;
import org.plutro.server.store.SearchStore;
import org.plutro.server.store.StatusViewStore;
import org.plutro.server.store.TimelineStore;
import org.plutro.server.http.activitypub.SignedFetches;
import org.plutro.server.http.Auth;
import org.plutro.server.http.RateLimit;
import org.plutro.server.queue.JobQueue;
import org.plutro.server.store.JobStore;
import org.plutro.server.media.MediaFiles;
import org.plutro.server.media.MediaProcessing;
import org.plutro.server.service.BlockService;
import org.plutro.server.service.CloseAccount;
import org.plutro.server.service.InstanceRules;
import org.plutro.server.service.LocalAccounts;
import org.plutro.server.service.MoveService;
import org.plutro.server.service.ReadReceipts;
import org.plutro.server.service.ReportService;
import org.plutro.server.service.UpdateProfile;
import org.plutro.server.service.FollowService;
import org.plutro.server.service.MediaService;
import org.plutro.server.federation.json.JsonLd;
import org.plutro.server.service.PasswordHasher;
import org.plutro.server.service.ProfileBroadcast;
import org.plutro.server.service.ProfileAudience;
import org.plutro.server.service.ImportService;
import org.plutro.server.service.PollService;
import org.plutro.server.policy.DomainBlocks;
import org.plutro.server.http.streaming.StreamHub;
import org.plutro.server.service.RegisterMember;
import org.plutro.server.service.ScheduledStatuses;
import org.plutro.server.store.ScheduledStatusStore;
import org.plutro.server.service.MentionResolver;
import org.plutro.server.service.NotificationService;
import org.plutro.server.service.StatusService;
import org.plutro.server.service.StatusVisibility;
import org.plutro.server.service.ThreadService;
import org.plutro.server.store.AccountStore;
import org.plutro.server.store.ConversationStore;
import org.plutro.server.store.StreamStore;
import org.plutro.server.store.ModerationStore;
import org.plutro.server.store.VisibilityStore;
import org.plutro.server.store.InstanceDomainBlockStore;
import org.plutro.server.store.HealthStore;
import org.plutro.server.store.RelationshipStore;
import org.plutro.server.store.AdminAccountStore;
import org.plutro.server.store.PushSubscriptionStore;
import org.plutro.server.store.ExportStore;
import org.plutro.server.store.AccountDiscoveryStore;
import org.plutro.server.store.BlockStore;
import org.plutro.server.store.CopyHolderStore;
import org.plutro.server.store.MoveStore;
import org.plutro.server.store.RateLimitStore;
import org.plutro.server.store.PollStore;
import org.plutro.server.store.CountStore;
import org.plutro.server.store.FavouriteStore;
import org.plutro.server.store.FollowStore;
import org.plutro.server.store.MentionStore;
import org.plutro.server.store.NotificationStore;
import org.plutro.server.store.StatusEditStore;
import org.plutro.server.store.TagStore;
import org.plutro.server.store.ThreadStore;
import org.plutro.server.store.AnnouncementStore;
import org.plutro.server.store.FilterStore;
import org.plutro.server.store.InstanceStore;
import org.plutro.server.store.ListStore;
import org.plutro.server.store.MemberDataStore;
import org.plutro.server.store.OAuthCodeStore;
import org.plutro.server.store.MediaStore;
import org.plutro.server.store.OAuthStore;
import org.plutro.server.store.WebSessionStore;
import org.plutro.server.store.RemotePostStore;
import org.plutro.server.store.StatusStore;
import org.plutro.server.store.UserStore;
import org.plutro.server.uri.Uris;

/** What routes, handlers and services share: settings, the pool, stores and services. One per process. */
public final class AppContext {
  private final Vertx vertx;
  private final Settings settings;
  private final Metrics metrics;
  private final Uris uris;
  private final Pool pool;
  private final AccountStore accounts;
  private final ModerationStore moderation;
  private final InstanceDomainBlockStore instanceDomainBlocks;
  private final HealthStore health;
  private final RelationshipStore relationships;
  private final AdminAccountStore adminAccounts;
  private final PushSubscriptionStore pushSubscriptions;
  private final ExportStore exports;
  private final AccountDiscoveryStore accountDiscovery;
  private final UserStore users;
  private final OAuthStore oauth;
  private final CountStore counts;
  private final StatusStore statuses;
  private final RemotePostStore remotePosts;
  private final FollowStore follows;
  private final FavouriteStore favourites;
  private final BlockStore blocks;
  private final PasswordHasher passwords;
  private final RegisterMember registerMember;
  private final Auth auth;
  private final Publisher publisher;
  private final FollowService followService;
  private final StatusService statusService;
  private final ActorSigners signers;
  private final JsonLd jsonLd;
  private final RemoteActors remoteActors;
  private final JobQueue jobs;
  private final InboxProcessor inboxProcessor;
  // Posts, threads and notifications.
  private final DocumentFetcher fetcher;
  private final MentionStore mentions;
  private final StatusEditStore statusEdits;
  private final ThreadStore threads;
  private final StatusVisibility statusVisibility;
  private final NotificationService notifications;
  private final ThreadService threadService;
  private final StatusViewStore statusViews;
  private final StatusPresenter statusPresenter;
  private final ProfileAudience profileAudience;
  private final StreamHub streams;
  private final DomainBlocks domainBlocks;
  private final MoveStore moves;
  private final TimelineStore timelines;
  private final TagStore tags;
  private final SearchStore search;
  private final InteractionService interactions;
  private final RemoteStatuses remoteStatuses;
  private final OAuthCodeStore oauthCodes;
  private final WebSessionStore webSessions;
  private final RateLimit rateLimit;
  private final InstanceStore instance;
  private final ListStore lists;
  private final FilterStore filters;
  private final MemberDataStore memberData;
  private final AnnouncementStore announcements;
  private final MediaStore media;
  private final MediaProcessing mediaProcessing;
  private final MediaService mediaService;
  private final CopyHolderStore copyHolders;
  private final SignedFetches signedFetches;
  private final CloseAccount closeAccount;
  private final PushService push;
  private final SuspendedAccounts suspendedAccounts;
  private final ScheduledStatuses scheduledStatuses;

  public AppContext(Vertx vertx, Settings settings, Metrics metrics, Pool pool, SqlClient pipelined,
      FederationClients clients) {
    this.vertx = vertx;
    this.settings = settings;
    this.metrics = metrics;
    this.uris = new Uris(settings.publicUrl());
    this.pool = pool;
    this.accounts = new AccountStore(pool, pipelined);
    this.moderation = new ModerationStore(pool);
    this.instanceDomainBlocks = new InstanceDomainBlockStore(pool);
    this.health = new HealthStore(pool);
    this.relationships = new RelationshipStore(pool);
    this.adminAccounts = new AdminAccountStore(pool);
    this.pushSubscriptions = new PushSubscriptionStore(pool);
    this.exports = new ExportStore(pool);
    this.accountDiscovery = new AccountDiscoveryStore(pool);
    this.users = new UserStore(pool);
    this.oauth = new OAuthStore(pool);
    this.counts = new CountStore(pool);
    this.statuses = new StatusStore(pipelined);
    this.remotePosts = new RemotePostStore(pool);
    this.follows = new FollowStore(pool);
    this.favourites = new FavouriteStore(pool);
    this.blocks = new BlockStore(pool);
    this.media = new MediaStore(pool);
    this.mediaProcessing = new MediaProcessing(vertx, new MediaFiles(settings.mediaDir()));
    this.mediaService = new MediaService(pool, media, mediaProcessing, new MediaProcessing.Limits(
        settings.mediaMaxImageBytes(), settings.mediaMaxVideoBytes()));
    this.passwords = new PasswordHasher();
    this.registerMember = new RegisterMember(vertx, pool, uris, users, passwords);
    this.auth = new Auth(oauth);
    this.publisher = new Publisher(uris, new ActorProofs(uris));
    this.mentions = new MentionStore(pool);
    this.statusEdits = new StatusEditStore(pool);
    this.threads = new ThreadStore(pool);
    this.statusVisibility = new StatusVisibility(new VisibilityStore(pool));
    this.notifications = new NotificationService(pool, new NotificationStore(pool));
    this.followService = new FollowService(pool, uris, follows, publisher);
    this.signers = new ActorSigners(accounts);
    this.jsonLd = new JsonLd(vertx);
    this.domainBlocks = new DomainBlocks(vertx, pipelined);
    this.suspendedAccounts = new SuspendedAccounts(vertx, accounts);
    this.moves = new MoveStore(pool);
    this.fetcher = new FederationFetcher(clients.http(), clients.webfinger(), jsonLd,
        this::instanceSigner, domainBlocks);
    this.remoteActors = new RemoteActors(uris, accounts, fetcher, moves, domainBlocks);
    this.statusService = new StatusService(pool, uris, statuses, accounts, publisher,
        statusVisibility, new MentionResolver(uris, accounts, remoteActors));
    RemotePosts remotePostIntake = new RemotePosts(pool, uris, accounts, statuses, remotePosts, fetcher,
        remoteActors, domainBlocks);
    this.threadService = new ThreadService(uris, threads, statusVisibility, remotePostIntake);
    this.remoteStatuses = new RemoteStatuses(uris, statuses, remotePostIntake);
    this.statusViews = new StatusViewStore(pipelined);
    this.tags = new TagStore(pipelined);
    this.profileAudience = new ProfileAudience(follows);
    this.statusPresenter = new StatusPresenter(statusViews, new MediaStore(pipelined), new PollStore(pipelined), uris);
    this.timelines = new TimelineStore(pipelined, statusViews);
    this.search = new SearchStore(pipelined);
    this.interactions = new InteractionService(pool, statuses, accounts, publisher);
    this.push = new PushService(pushSubscriptions, uris, settings.publicUrl().toString(), clients.http());
    this.jobs = new JobQueue(vertx, new JobStore(pipelined),
        Duration.ofSeconds(settings.queueLeaseSeconds()), settings.jobsConcurrency());
    LocalAccounts localAccounts = new LocalAccounts(accounts, uris);
    InteractionGate interactionGate = new InteractionGate(pool, accounts, statuses, publisher);
    ActivityHandlers handlers = new ActivityHandlers(
        new FollowHandler(localAccounts, blocks, followService),
        new AcceptHandler(follows, accounts, localAccounts, followService),
        new RejectHandler(uris, accounts, statuses, follows, localAccounts, followService, interactions,
            statusService),
        new UndoHandler(accounts, localAccounts, follows, favourites, statuses, blocks, followService,
            notifications),
        new CreateHandler(uris, statuses,
            new PollService(pool, uris, accounts, statuses, statusVisibility, publisher), interactionGate,
            remotePostIntake),
        new UpdateHandler(statuses, remoteActors, remotePostIntake),
        new DeleteHandler(statuses, remoteActors),
        new LikeHandler(statuses, statusVisibility, favourites, notifications),
        new AnnounceHandler(remoteStatuses, remotePosts, interactionGate),
        new BlockHandler(localAccounts, blocks),
        new ReadHandler(uris, statuses, mentions, accounts, new ReadReceipts(pool, accounts, publisher)),
        new FlagHandler(new ReportService(pool, uris, accounts, localAccounts, statuses, publisher,
            new InstanceRules(vertx, settings.dataDir())), domainBlocks),
        new MoveHandler(new MoveService(pool, accounts, moves, oauth, remoteActors, followService, publisher)));
    this.inboxProcessor = new InboxProcessor(accounts, remoteActors, jsonLd, suspendedAccounts, handlers, jobs,
        pipelined);
    jobs.register(InboxProcessor.JOB, inboxProcessor::process);
    this.oauthCodes = new OAuthCodeStore(pool);
    this.webSessions = new WebSessionStore(pool);
    this.instance = new InstanceStore(pool);
    this.lists = new ListStore(pool);
    this.filters = new FilterStore(pool);
    this.memberData = new MemberDataStore(pool);
    this.announcements = new AnnouncementStore(pool);
    this.rateLimit = new RateLimit(vertx, new RateLimitStore(pipelined), settings.rateLimitRequests(),
        settings.rateLimitPeriodSeconds(), settings.rateLimitSignUps(),
        settings.rateLimitSignUpPeriodSeconds());
    this.copyHolders = new CopyHolderStore(pool);
    this.signedFetches = new SignedFetches(uris, settings.publicUrl().getScheme(), remoteActors,
        copyHolders);
    this.closeAccount = new CloseAccount(vertx, pool, accounts, copyHolders, oauth, publisher,
        settings.closedAccountRetentionDays(), UpdateProfile.avatarFolder(settings.dataDir()));
    ActorRefresh actorRefresh = new ActorRefresh(pool, jobs, remoteActors);
    remoteActors.onStale(actorRefresh::request);
    jobs.register(ActorRefresh.JOB, actorRefresh::run);
    jobs.register(ProfileBroadcast.JOB, new ProfileBroadcast(pool, uris, accounts, moves, publisher)::run);
    jobs.register(CloseAccount.PURGE_JOB, closeAccount::purge);
    jobs.register(ImportService.JOB, new ImportService(pool, uris, accounts, exports, remoteActors, followService,
        new BlockService(pool, uris, followService, publisher), jobs)::run);
    PollService pollJobs = new PollService(pool, uris, accounts, statuses, statusVisibility, publisher);
    jobs.register(PollService.ENDED_JOB, pollJobs::ended);
    jobs.register(PollService.COUNTS_JOB, pollJobs::announceCounts);
    jobs.register(PushService.JOB, push::deliver);
    this.scheduledStatuses = new ScheduledStatuses(pool, new ScheduledStatusStore(pool), accounts,
        statusService, suspendedAccounts);
    jobs.register(ScheduledStatusStore.JOB, scheduledStatuses::publish);
    Presenter presenter = new Presenter(counts, uris, statusPresenter);
    ConversationStore conversationStore = new ConversationStore(pool);
    this.streams = new StreamHub(vertx, new StreamStore(pool), statuses, accounts, statusPresenter,
        notifications.store(), new NotificationEntities(accounts, statuses, presenter),
        conversationStore, new ConversationsRoutes(auth, conversationStore, statuses,
            new ReadReceipts(pool, accounts, publisher), statusPresenter, presenter, uris));
  }

  /** The instance actor's signer, for fetches (FEP-2677). */
  public Future<RequestSigner> instanceSigner() {
    return accounts.byUri(uris.instanceActor())
        .compose(actor -> signers.forAccount(actor.orElseThrow().id()));
  }

  /** A local member or the instance actor by its URI; empty for anything else. */
  public Future<Optional<Account>> localAccount(String uri) {
    if (uri == null || !uris.isLocal(uri)) {
      return Future.succeededFuture(Optional.empty());
    }
    return accounts.byUri(uri).map(found -> found.filter(a -> a.isLocal() && a.deletedAt() == null));
  }

  public Vertx vertx() { return vertx; }
  public Settings settings() { return settings; }
  public Metrics metrics() { return metrics; }
  public Uris uris() { return uris; }
  public Pool pool() { return pool; }
  public StatusViewStore statusViews() { return statusViews; }
  public AccountStore accounts() { return accounts; }
  public ModerationStore moderation() { return moderation; }
  public InstanceDomainBlockStore instanceDomainBlocks() { return instanceDomainBlocks; }
  public HealthStore health() { return health; }
  public RelationshipStore relationships() { return relationships; }
  public AdminAccountStore adminAccounts() { return adminAccounts; }
  public PushSubscriptionStore pushSubscriptions() { return pushSubscriptions; }
  public ExportStore exports() { return exports; }
  public AccountDiscoveryStore accountDiscovery() { return accountDiscovery; }
  public UserStore users() { return users; }
  public OAuthStore oauth() { return oauth; }
  public CountStore counts() { return counts; }
  public StatusStore statuses() { return statuses; }
  public RemotePostStore remotePosts() { return remotePosts; }
  public FollowStore follows() { return follows; }
  public FavouriteStore favourites() { return favourites; }
  public BlockStore blocks() { return blocks; }
  public PasswordHasher passwords() { return passwords; }
  public RegisterMember registerMember() { return registerMember; }
  public Auth auth() { return auth; }
  public Publisher publisher() { return publisher; }
  public FollowService followService() { return followService; }
  public StatusService statusService() { return statusService; }
  public ActorSigners signers() { return signers; }
  public JsonLd jsonLd() { return jsonLd; }
  public RemoteActors remoteActors() { return remoteActors; }
  public InboxProcessor inboxProcessor() { return inboxProcessor; }
  public JobQueue jobs() { return jobs; }
  public DocumentFetcher fetcher() { return fetcher; }
  public MentionStore mentions() { return mentions; }
  public StatusEditStore statusEdits() { return statusEdits; }
  public ThreadStore threads() { return threads; }
  public StatusVisibility statusVisibility() { return statusVisibility; }
  public NotificationService notifications() { return notifications; }
  public ThreadService threadService() { return threadService; }
  public StatusPresenter statusPresenter() { return statusPresenter; }
  public ProfileAudience profileAudience() { return profileAudience; }
  public StreamHub streams() { return streams; }
  public DomainBlocks domainBlocks() { return domainBlocks; }
  public MoveStore moves() { return moves; }
  public TimelineStore timelines() { return timelines; }
  public TagStore tags() { return tags; }
  public SearchStore search() { return search; }
  public InteractionService interactions() { return interactions; }
  public PushService push() { return push; }
  public SuspendedAccounts suspendedAccounts() { return suspendedAccounts; }
  public RemoteStatuses remoteStatuses() { return remoteStatuses; }
  public OAuthCodeStore oauthCodes() { return oauthCodes; }
  public WebSessionStore webSessions() { return webSessions; }
  public RateLimit rateLimit() { return rateLimit; }
  public InstanceStore instance() { return instance; }
  public ListStore lists() { return lists; }
  public FilterStore filters() { return filters; }
  public MemberDataStore memberData() { return memberData; }
  public AnnouncementStore announcements() { return announcements; }
  public MediaStore media() { return media; }
  public ScheduledStatuses scheduledStatuses() { return scheduledStatuses; }
  public MediaProcessing mediaProcessing() { return mediaProcessing; }
  public MediaService mediaService() { return mediaService; }
  public CopyHolderStore copyHolders() { return copyHolders; }
  public SignedFetches signedFetches() { return signedFetches; }
  public CloseAccount closeAccount() { return closeAccount; }
}
