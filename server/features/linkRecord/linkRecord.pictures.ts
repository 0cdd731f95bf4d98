import type { TFunction } from 'i18next'
import type { Post } from '../../../shared/schemas/boards.js'
import type { WallItem } from '../../../shared/schemas/wall.js'
import type { MediaService } from '../media/media.service.js'
import type { PhotoConsent } from '../media/photoConsent.js'
import { exportAuthor } from '../portfolio/portfolio.names.js'

/** A picture of the link's record: its bytes only where everyone it shows has photo consent. */
export interface RecordPicture {
  mediaId: string
  itemKind: 'wall_item' | 'board_post'
  itemId: string
  /** Who shared it, never a pupil's name: "a pupil in Year 5". */
  sharedBy: string
  width: number
  height: number
  /** False: who it shows was never said, or someone shown has no photo consent; it is left out. */
  included: boolean
  /** The processed picture (WebP, every byte of its original metadata dropped), as a data URL. */
  dataUrl: string | null
}

type Author = Pick<Post, 'authorRole' | 'authorName' | 'className'>

/** The record's pictures, each with its bytes when the photo-consent rule lets an export carry it. */
export async function recordPictures(
  items: { kind: RecordPicture['itemKind']; item: (Post | WallItem) & Author }[],
  deps: { consent: PhotoConsent; media: MediaService },
  t: TFunction,
): Promise<RecordPicture[]> {
  const withPicture = items.filter(({ item }) => item.media)
  const allowed = await deps.consent.exportable(withPicture.map(({ item }) => item.media!.id))
  const pictures: RecordPicture[] = []
  for (const { kind, item } of withPicture) {
    const media = item.media!
    const bytes = allowed.has(media.id) ? await deps.media.bytesOf(media.id) : undefined
    pictures.push({
      mediaId: media.id,
      itemKind: kind,
      itemId: item.id,
      sharedBy: exportAuthor(item, t),
      width: media.width,
      height: media.height,
      included: bytes !== undefined,
      dataUrl: bytes ? `data:image/webp;base64,${bytes.toString('base64')}` : null,
    })
  }
  return pictures
}
