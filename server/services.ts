import type { RedisClientType } from 'redis'
import type { Config } from './config.js'
import { createAccountsRepository } from './features/accounts/accounts.repository.js'
import { AccountsService } from './features/accounts/accounts.service.js'
import { setPasswordHashCost } from './features/accounts/passwords.js'
import { createSignInLimiter } from './features/accounts/signInLimiter.js'
import { createSchoolsRepository } from './features/schools/schools.repository.js'
import { SchoolsService } from './features/schools/schools.service.js'
import { LinkAccess } from './features/links/linkAccess.js'
import { createMembershipRepository } from './features/links/membership.repository.js'
import { createAgreementsRepository } from './features/links/agreements.repository.js'
import { AgreementsService } from './features/links/agreements.service.js'
import { LinkActivityService } from './features/links/linkActivity.service.js'
import { SocketLinkEvents } from './features/links/linkEvents.js'
import { createPartnersRepository } from './features/links/partners.repository.js'
import { PartnersService } from './features/links/partners.service.js'
import { createModerationRepository } from './features/moderation/moderation.repository.js'
import { ModerationService } from './features/moderation/moderation.service.js'
import { createWriteLimiter } from './features/moderation/writeLimits.js'
import { boardPostsAdapter } from './features/boards/boards.moderation.js'
import { SocketBoardEvents } from './features/boards/boards.realtime.js'
import { createBoardsRepository } from './features/boards/boards.repository.js'
import { BoardsService } from './features/boards/boards.service.js'
import { createMediaRepository } from './features/media/media.repository.js'
import { MediaService } from './features/media/media.service.js'
import { databaseMediaStore, diskMediaStore } from './features/media/mediaStore.js'
import { PhotoConsent } from './features/media/photoConsent.js'
import { createWallRepository } from './features/wall/wall.repository.js'
import { WallService } from './features/wall/wall.service.js'
import { WallAdminService } from './features/wall/wallAdmin.service.js'
import { createPaperRepository } from './features/paper/paper.repository.js'
import { PaperService } from './features/paper/paper.service.js'
import { ReplySheetsService } from './features/paper/replySheets.service.js'
import type { VisibilityFacts } from './features/moderation/visibility.js'
import type { PictureRef } from '../shared/schemas/media.js'
import { createAssembliesRepository } from './features/assemblies/assemblies.repository.js'
import { AssembliesService } from './features/assemblies/assemblies.service.js'
import { SocketAssemblyEvents } from './features/assemblies/assemblies.handlers.js'
import { createAssemblyChatRepository } from './features/assemblies/assemblyChat.repository.js'
import { AssemblyChatService, chatMessagesAdapter } from './features/assemblies/assemblyChat.service.js'
import { SocketAssemblyChatEvents } from './features/assemblies/assemblyChat.realtime.js'
import { LinkRecordService } from './features/linkRecord/linkRecord.service.js'
import { createCalendarRepository } from './features/calendar/calendar.repository.js'
import { CalendarService } from './features/calendar/calendar.service.js'
import { createPrivacyRepository } from './features/privacy/privacy.repository.js'
import { PrivacyService } from './features/privacy/privacy.service.js'
import { InventoryService } from './features/privacy/inventory.service.js'
import { createSubjectAccessRepository } from './features/privacy/subjectAccess.repository.js'
import { SubjectAccessService } from './features/privacy/subjectAccess.service.js'
import { createPupilRepository } from './features/pupil/pupil.repository.js'
import { PupilHomeService } from './features/pupil/pupil.service.js'
import { LinkEvidence } from './features/linkRecord/evidence.js'
import { createOutcomesRepository } from './features/links/outcomes.repository.js'
import { OutcomeReviewsService } from './features/links/outcomeReviews.service.js'
import { createReflectionsRepository } from './features/reflections/reflections.repository.js'
import { ReflectionsService } from './features/reflections/reflections.service.js'
import { createPortfolioRepository } from './features/portfolio/portfolio.repository.js'
import { PortfolioService } from './features/portfolio/portfolio.service.js'
import type { Storage } from './storage/database.js'
import type { Logger } from 'pino'
import { createSmtpMailer } from './features/staff/mailer.js'
import { PasswordResetService } from './features/staff/passwordReset.service.js'
import { createResetRequestLimiter } from './features/staff/resetLimiter.js'
import { createStaffRepository } from './features/staff/staff.repository.js'
import { StaffService } from './features/staff/staff.service.js'
import { SocketVideoEvents } from './features/video/video.events.js'
import { createVideoRepository } from './features/video/video.repository.js'
import { VideoService } from './features/video/video.service.js'
import { createVideoQueue } from './features/video/video.queues.js'
import type { VideoQueue } from './features/video/video.queue.js'

/** The domain services, built once from storage; transport layers only ever call these. */
export interface Services {
  staff: StaffService
  passwordReset: PasswordResetService
  accounts: AccountsService
  schools: SchoolsService
  linkAccess: LinkAccess
  /** Link-wide notices; attached to Socket.IO once the server exists. */
  linkEvents: SocketLinkEvents
  linkActivity: LinkActivityService
  partners: PartnersService
  agreements: AgreementsService
  /** Board changes and moderation counts; attached to Socket.IO once the server exists. */
  boardEvents: SocketBoardEvents
  moderation: ModerationService
  boards: BoardsService
  media: MediaService
  wall: WallService
  wallAdmin: WallAdminService
  paper: PaperService
  replySheets: ReplySheetsService
  assemblies: AssembliesService
  assemblyEvents: SocketAssemblyEvents
  assemblyChat: AssemblyChatService
  assemblyChatEvents: SocketAssemblyChatEvents
  linkRecord: LinkRecordService
  /** A pupil who leaves, retention of ended links, the data-protection record. */
  privacy: PrivacyService
  subjectAccess: SubjectAccessService
  calendar: CalendarService
  inventory: InventoryService
  pupilHome: PupilHomeService
  outcomeReviews: OutcomeReviewsService
  reflections: ReflectionsService
  portfolio: PortfolioService
  /** Video postcards; the worker transcodes queued videos (started by createApp). */
  video: VideoService
  videoWorker: VideoQueue
  videoEvents: SocketVideoEvents
}

export function createServices(
  storage: Storage,
  config: Config,
  redis: RedisClientType | undefined,
  logger: Logger,
): Services {
  setPasswordHashCost(config.passwordHashLogN)
  const accountsRepository = createAccountsRepository(storage.db)
  const schoolsRepository = createSchoolsRepository(storage.db)
  // One sign-in limiter: accounts counts sign-ins, schools shows a class's teachers its lock and lifts it.
  const signInLimiter = createSignInLimiter(config.signInLimits, redis, config.redisPrefix)
  const membership = createMembershipRepository(storage.db)
  const linkAccess = new LinkAccess(membership)
  const agreementsRepository = createAgreementsRepository(storage.db)
  const linkEvents = new SocketLinkEvents()
  const linkActivity = new LinkActivityService(agreementsRepository, linkEvents)
  const outcomes = createOutcomesRepository(storage.db)
  const linkDeps = {
    membership,
    linkAccess,
    agreements: agreementsRepository,
    activity: linkActivity,
    events: linkEvents,
    outcomes,
  }
  const boardEvents = new SocketBoardEvents()
  // Every write (posts, chat, letters, uploads, flags) is limited per person; pupils who hit it are noted for their teachers.
  const limits = createWriteLimiter(
    config.boardPostsPerMinute,
    (user, kind) => moderation.notePupilLimited(user, kind),
    redis,
    config.redisPrefix,
  )
  const transaction = storage.transaction
  const moderation = new ModerationService(
    createModerationRepository(storage.db),
    linkAccess,
    boardEvents,
    limits,
    transaction,
  )
  const boardsRepository = createBoardsRepository(storage.db)
  const mediaRepository = createMediaRepository(storage.db)
  const wallRepository = createWallRepository(storage.db)
  // One photo-consent rule for every picture, on the wall and the boards alike.
  const consent = new PhotoConsent(wallRepository, mediaRepository)
  // PostgreSQL is what several nodes share; the embedded SQLite default is one node with its disk.
  const mediaStore = storage.dialect === 'postgres' ? databaseMediaStore(storage.db) : diskMediaStore(config.mediaDir)
  const media = new MediaService({
    repository: mediaRepository,
    linkAccess,
    limits,
    // A page of a paper letter beyond its first is attached through paper_pages.
    attachedTo: async (mediaId): Promise<VisibilityFacts[]> => [
      ...(await moderation.factsOfMedia(mediaId)),
      ...(await paper.factsOfPage(mediaId)),
    ],
    store: mediaStore,
    transaction,
  })
  const boards = new BoardsService({
    boards: boardsRepository,
    linkAccess,
    moderation,
    activity: linkActivity,
    events: boardEvents,
    media,
    consent,
    limits,
    transaction,
  })
  moderation.register(boardPostsAdapter(boards, boardsRepository, linkActivity))
  moderation.usePictureCandidates((classIds) => consent.candidatesOf(classIds))
  const paperRepository = createPaperRepository(storage.db)
  const wall = new WallService({
    wall: wallRepository,
    linkAccess,
    moderation,
    media,
    consent,
    activity: linkActivity,
    events: linkEvents,
    limits,
    transaction,
    pagesOf: (itemIds): Promise<Map<string, PictureRef[]>> => paper.pagesOfItems(itemIds),
  })
  const paper = new PaperService({
    paper: paperRepository,
    wallRepository,
    wall,
    linkAccess,
    moderation,
    media,
    consent,
    events: linkEvents,
    limits,
    transaction,
  })
  moderation.register({
    kind: 'wall_item',
    load: (viewer, itemId) => wall.moderatedItem(viewer, itemId),
    beforeApprove: async (viewer, itemId, input) => {
      await wall.beforeApprove(viewer, itemId, input)
      // A paper letter's other pages show whoever its first page shows.
      await paper.confirmOtherPages(viewer, itemId, input.shownPupilIds)
    },
    apply: async (itemId, change) => {
      await wall.applyModeration(itemId, change)
      // A deleted paper letter's pages go with it, in the same transaction.
      if (change.status === 'deleted') await paper.removePagesOf([itemId])
    },
    changed: (itemId) => wall.changed(itemId),
    visibilityFacts: (itemIds) => wall.visibilityFacts(itemIds),
    // Any page of a paper letter carries it (a pupil drawn on page 2 is shown in the letter).
    itemsWithMedia: async (mediaId) => [
      ...new Set([...(await wallRepository.itemsWithMedia(mediaId)), ...(await paper.itemsWithPage(mediaId))]),
    ],
    queueRecords: (itemIds) => wall.queueRecords(itemIds),
  })
  const assemblies = new AssembliesService(createAssembliesRepository(storage.db), linkAccess, linkActivity, config.ice)
  const assemblyChatEvents = new SocketAssemblyChatEvents()
  const assemblyChat = new AssemblyChatService({
    chat: createAssemblyChatRepository(storage.db),
    assemblies,
    linkAccess,
    moderation,
    events: assemblyChatEvents,
    limits,
    transaction,
  })
  moderation.register(chatMessagesAdapter(assemblyChat))
  const agreements = new AgreementsService(linkDeps)
  const accounts = new AccountsService(accountsRepository, signInLimiter, config.sessionTtlMs)
  const staffRepository = createStaffRepository(storage.db)
  const { smtpUrl, from, publicUrl, resetsPerIpPerHour } = config.mail
  const privacyRepository = createPrivacyRepository(storage.db)
  const privacy = new PrivacyService({
    privacy: privacyRepository,
    schools: schoolsRepository,
    accounts: accountsRepository,
    moderation,
    media,
    transaction,
  })
  const evidence = new LinkEvidence({ boards, wall, assemblies })
  const reflections = new ReflectionsService({
    reflections: createReflectionsRepository(storage.db),
    schools: schoolsRepository,
    moderation,
    transaction,
  })
  moderation.register(reflections.adapter())
  const outcomeReviews = new OutcomeReviewsService({ outcomes, agreements, linkAccess, evidence })
  const videoRepository = createVideoRepository(storage.db)
  const videoEvents = new SocketVideoEvents()
  const videoPaths = { ffmpeg: config.video.ffmpeg, ffprobe: config.video.ffprobe }
  const videoWorker = createVideoQueue(storage, {
    repository: videoRepository,
    store: mediaStore,
    events: videoEvents,
    linkEvents,
    paths: videoPaths,
    logger,
    concurrency: config.video.concurrency,
    leaseSeconds: config.video.leaseSeconds,
  })
  const video = new VideoService({
    repository: videoRepository,
    media,
    store: mediaStore,
    linkAccess,
    limits,
    paths: videoPaths,
    transaction,
    enqueue: (mediaId) => videoWorker.enqueue(mediaId),
  })
  return {
    video,
    videoWorker,
    videoEvents,
    accounts,
    staff: new StaffService({
      staff: staffRepository,
      accounts: accountsRepository,
      accountsService: accounts,
      transaction,
    }),
    passwordReset: new PasswordResetService({
      staff: staffRepository,
      accounts: accountsRepository,
      accountsService: accounts,
      limiter: createResetRequestLimiter(resetsPerIpPerHour, redis, config.redisPrefix),
      mailer: smtpUrl ? createSmtpMailer(smtpUrl, from) : undefined,
      publicUrl,
      logger,
      transaction,
    }),
    schools: new SchoolsService(schoolsRepository, accountsRepository, signInLimiter),
    linkAccess,
    linkEvents,
    linkActivity,
    partners: new PartnersService({
      ...linkDeps,
      partners: createPartnersRepository(storage.db, storage.dialect),
      schools: schoolsRepository,
    }),
    agreements,
    boardEvents,
    moderation,
    boards,
    media,
    wall,
    wallAdmin: new WallAdminService(wallRepository, wall, linkAccess, schoolsRepository),
    paper,
    replySheets: new ReplySheetsService({ wall, wallRepository, linkAccess, paper }),
    assemblies,
    assemblyEvents: new SocketAssemblyEvents(),
    assemblyChat,
    assemblyChatEvents,
    linkRecord: new LinkRecordService({
      agreements,
      boards,
      wall,
      assemblies,
      assemblyChat,
      outcomeReviews,
      consent,
      media,
    }),
    privacy,
    subjectAccess: new SubjectAccessService({ records: createSubjectAccessRepository(storage.db), media, privacy }),
    calendar: new CalendarService(createCalendarRepository(storage.db), schoolsRepository, linkAccess),
    inventory: new InventoryService(storage.db.withoutPlugins(), privacyRepository, config.sessionTtlMs),
    pupilHome: new PupilHomeService({ repository: createPupilRepository(storage.db), linkAccess }),
    outcomeReviews,
    reflections,
    portfolio: new PortfolioService({
      portfolio: createPortfolioRepository(storage.db),
      schools: schoolsRepository,
      linkAccess,
      agreements,
      evidence,
      assemblies,
      wall,
      outcomes,
      reflections,
      consent,
      media,
    }),
  }
}
