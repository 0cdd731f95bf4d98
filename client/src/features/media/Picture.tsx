import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { PictureRef } from '../../../../shared/schemas/media.js'
import { useFormat } from '../../i18n/format.js'
import { formatBytes, pictureStage, thumbSize } from './pictureView.js'
import { useDataSaver } from './useDataSaver.js'
import './media.css'

interface PictureProps {
  mediaId: string
  /** The picture's size from the read model; absent on items cached before it was added. */
  media?: PictureRef | null
  /** The caption, or a description of whose picture it is. */
  alt: string
}

/**
 * An attached picture, light on a slow line: the thumbnail loads lazily in a box already the right
 * shape, the display size only when opened, and with the data saver on even the thumbnail waits for a tap.
 */
export function Picture({ mediaId, media, alt }: PictureProps) {
  const { t } = useTranslation('common')
  const format = useFormat()
  const dataSaver = useDataSaver()
  const [tapped, setTapped] = useState(false)
  const [open, setOpen] = useState(false)
  const size = media ? thumbSize(media) : null
  if (pictureStage(dataSaver, tapped) === 'placeholder') {
    return (
      <button
        type="button"
        className="picture-placeholder secondary"
        style={size ? { aspectRatio: `${size.width} / ${size.height}` } : undefined}
        onClick={() => setTapped(true)}
        data-testid="picture-placeholder"
      >
        <span className="picture-placeholder-label">{t('picture.show')}</span>
        {media?.bytes ? (
          <span className="muted">{t('picture.fullSize', { size: formatBytes(media.bytes, format) })}</span>
        ) : null}
      </button>
    )
  }
  return (
    <>
      <button
        type="button"
        className="picture-open"
        onClick={() => setOpen(true)}
        aria-label={t('picture.open', { alt })}
        aria-haspopup="dialog"
      >
        <img
          src={`/api/media/${mediaId}?size=thumb`}
          alt={alt}
          width={size?.width}
          height={size?.height}
          loading="lazy"
          decoding="async"
          className="post-picture"
        />
      </button>
      {open ? <PictureDialog mediaId={mediaId} media={media} alt={alt} onClose={() => setOpen(false)} /> : null}
    </>
  )
}

/** The display size in a modal dialog: rendered only once opened, so its bytes are fetched only then. */
function PictureDialog({ mediaId, media, alt, onClose }: PictureProps & { onClose: () => void }) {
  const { t } = useTranslation('common')
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    // showModal gives focus trapping, Escape and the inert page behind it for free.
    if (dialog && !dialog.open) dialog.showModal()
    return () => dialog?.close()
  }, [])
  return (
    <dialog
      ref={ref}
      className="picture-dialog"
      aria-label={alt}
      onClose={onClose}
      onClick={(e) => e.target === e.currentTarget && ref.current?.close()}
    >
      <img src={`/api/media/${mediaId}`} alt={alt} width={media?.width} height={media?.height} decoding="async" />
      <form method="dialog" className="row">
        <button type="submit" autoFocus>
          {t('picture.close')}
        </button>
      </form>
    </dialog>
  )
}
