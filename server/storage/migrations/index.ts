import type { BridgesMigration } from './helpers.js'
import { foundation } from './0001_foundation.js'
import { linksCore } from './0002_links.js'
import { linksAgreements } from './0003_links_agreements.js'
import { moderationBoards } from './0004_moderation_boards.js'
import { media } from './0005_media.js'
import { wall } from './0006_wall.js'
import { assemblies } from './0007_assemblies.js'
import { assemblyChat } from './0008_assembly_chat.js'
import { visibility } from './0009_visibility.js'
import { idempotency } from './0010_idempotency.js'
import { boardSequences } from './0011_board_sequences.js'
import { dataSaver } from './0012_data_saver.js'
import { partnershipEvidence } from './0015_partnership_evidence.js'

/** Every migration in order. A feature adds its own file and one line here; never edit a shipped one. */
export const migrations: BridgesMigration[] = [foundation, linksCore, linksAgreements, moderationBoards, media, wall, assemblies, assemblyChat, visibility, idempotency, boardSequences, dataSaver, partnershipEvidence]
