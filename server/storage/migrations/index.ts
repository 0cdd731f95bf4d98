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
import { pupilHome } from './0013_pupil_home.js'
import { schoolTeam } from './0013t_school_team.js'
import { bilingualTexts } from './0014_bilingual_texts.js'
import { partnershipEvidence } from './0015_partnership_evidence.js'
import { pagingIndexes } from './0016_paging_indexes.js'
import { mediaBlobs } from './0016b_media_blobs.js'
import { retention } from './0018_retention.js'
import { paperPages } from './0019p_paper_pages.js'
import { paperSheetCodes } from './0021p_paper_sheet_codes.js'
import { languages } from './0020l_languages.js'
import { listIndexes } from './0020s_list_indexes.js'
import { picturePeople } from './0020e_picture_people.js'
import { video } from './0019v_video.js'
import { directoryRecordPaging } from './0022p_directory_record_paging.js'
import { listPaging } from './0021g_list_paging.js'
import { threadPageIndex } from './0023s_thread_page_index.js'

/** Every migration in order. A feature adds its own file and one line here; never edit a shipped one. */
export const migrations: BridgesMigration[] = [
  foundation,
  linksCore,
  linksAgreements,
  moderationBoards,
  media,
  wall,
  assemblies,
  assemblyChat,
  visibility,
  idempotency,
  boardSequences,
  dataSaver,
  pupilHome,
  schoolTeam,
  bilingualTexts,
  partnershipEvidence,
  pagingIndexes,
  mediaBlobs,
  retention,
  paperPages,
  languages,
  listIndexes,
  picturePeople,
  video,
  listPaging,
  paperSheetCodes,
  directoryRecordPaging,
  threadPageIndex,
]
