/**
 * The database as Kysely sees it (camelCase; the CamelCasePlugin maps to snake_case columns).
 * Conventions that keep one schema working on SQLite and PostgreSQL:
 * ids are UUID text, times are ISO-8601 UTC text (they sort as strings), booleans are 0/1 integers,
 * lists are JSON text.
 */
import type { AccountTables } from '../features/accounts/accounts.tables.js'
import type { LinkTables, PartnerTables } from '../features/links/links.tables.js'
import type { SchoolTables } from '../features/schools/schools.tables.js'
import type { ModerationTables } from '../features/moderation/moderation.tables.js'
import type { BoardTables } from '../features/boards/boards.tables.js'
import type { MediaTables } from '../features/media/media.tables.js'
import type { WallTables } from '../features/wall/wall.tables.js'
import type { AssemblyTables } from '../features/assemblies/assemblies.tables.js'
import type { IdempotencyTables } from '../http/idempotency.tables.js'
import type { PrivacyTables } from '../features/privacy/privacy.tables.js'
import type { PupilTables } from '../features/pupil/pupil.tables.js'
import type { OutcomeTables } from '../features/links/outcomes.tables.js'
import type { ReflectionTables } from '../features/reflections/reflections.tables.js'
import type { PortfolioTables } from '../features/portfolio/portfolio.tables.js'
import type { PaperTables } from '../features/paper/paper.tables.js'
import type { VideoTables } from '../features/video/video.tables.js'

export interface Database
  extends
    AccountTables,
    SchoolTables,
    LinkTables,
    PartnerTables,
    ModerationTables,
    BoardTables,
    MediaTables,
    WallTables,
    AssemblyTables,
    IdempotencyTables,
    PrivacyTables,
    PupilTables,
    OutcomeTables,
    ReflectionTables,
    PortfolioTables,
    PaperTables,
    VideoTables {}
