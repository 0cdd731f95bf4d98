import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Video } from '../../../../shared/schemas/video.js'
import type { WallItem } from '../../../../shared/schemas/wall.js'
import { apiPut } from '../../api/http.js'
import { useMe } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { useLink } from '../links/api.js'
import { useDataSaver } from '../media/useDataSaver.js'
import { useLanguageName } from './languageName.js'
import { useVideo, videoKey } from './api.js'
import './video.css'

/**
 * A video postcard on the wall: its transcode's progress until ready, then a player whose captions
 * show by default. With the data saver on, nothing but the poster loads until it is tapped.
 */
export function VideoPostcard({ item }: { item: WallItem }) {
  const { t } = useTranslation('video')
  const me = useMe().data?.user
  const dataSaver = useDataSaver()
  const video = useVideo(item.mediaId ?? '')
  const languageName = useLanguageName()
  const link = useLink(item.linkId).data
  const languages = [...new Set(link?.classes.flatMap((c) => c.languages) ?? [])]
  if (!item.mediaId || !video.data) return video.isError ? <ErrorNotice error={video.error} /> : null
  const state = video.data
  const label = item.caption || t('postcard.label', { name: item.authorName })
  if (state.status === 'failed') return <p className="notice error">{t('postcard.failed')}</p>
  if (state.status !== 'ready') {
    return (
      <div className="video-progress stack" data-testid="video-progress">
        <span>
          {state.status === 'queued' ? t('postcard.queued') : t('postcard.processing', { percent: state.progress })}
        </span>
        <progress max={100} value={state.progress} aria-label={t('postcard.progressLabel')} />
      </div>
    )
  }
  // The viewer's own language first, so it is the one shown by default.
  const tracks = [...state.captions].sort(
    (a, b) => Number(b.language === me?.locale) - Number(a.language === me?.locale),
  )
  return (
    <figure className="video-postcard">
      <video
        controls
        playsInline
        preload={dataSaver ? 'none' : 'metadata'}
        poster={`/api/media/${item.mediaId}`}
        src={`/api/videos/${item.mediaId}/file`}
        width={state.width}
        height={state.height}
        aria-label={label}
        data-testid="video-player"
      >
        {tracks.map((c, index) => (
          <track
            key={`${c.language}-${c.updatedAt}`}
            kind="captions"
            srcLang={c.language}
            label={languageName(c.language)}
            src={`/api/videos/${item.mediaId}/captions/${c.language}?v=${encodeURIComponent(c.updatedAt)}`}
            default={index === 0}
          />
        ))}
      </video>
      {item.caption ? (
        <figcaption lang={item.language || undefined} dir="auto">
          {item.caption}
        </figcaption>
      ) : null}
      {me?.role === 'teacher' && me.schoolId === item.schoolId ? (
        <CaptionEditor video={state} languages={languages} />
      ) : null}
    </figure>
  )
}

const TEMPLATE = 'WEBVTT\n\n00:00.000 --> 00:04.000\n'

/** A teacher of the sending school writes captions in one of the link's languages. */
function CaptionEditor({ video, languages }: { video: Video; languages: string[] }) {
  const { t } = useTranslation('video')
  const languageName = useLanguageName()
  const queryClient = useQueryClient()
  const [open, setOpen] = useState(false)
  const [language, setLanguage] = useState(languages[0] ?? 'en')
  const [vtt, setVtt] = useState(TEMPLATE)
  const save = useMutation({
    mutationFn: () => apiPut<Video>(`/videos/${video.id}/captions/${language}`, { vtt }),
    onSuccess: (saved) => {
      queryClient.setQueryData(videoKey(video.id), saved)
      setOpen(false)
    },
  })
  if (!open)
    return (
      <button type="button" className="secondary small" onClick={() => setOpen(true)}>
        {t('captions.add')}
      </button>
    )
  return (
    <form
      className="stack caption-editor"
      onSubmit={(e) => {
        e.preventDefault()
        save.mutate()
      }}
    >
      <label className="field">
        <span>{t('captions.language')}</span>
        <select value={language} onChange={(e) => setLanguage(e.target.value)}>
          {languages.map((l) => (
            <option key={l} value={l}>
              {languageName(l)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('captions.text')}</span>
        <textarea value={vtt} onChange={(e) => setVtt(e.target.value)} rows={6} dir="auto" spellCheck={false} />
      </label>
      <p className="muted">{t('captions.hint')}</p>
      <div className="row">
        <button type="submit" className="small">
          {t('captions.save')}
        </button>
        <button type="button" className="secondary small" onClick={() => setOpen(false)}>
          {t('captions.cancel')}
        </button>
      </div>
      {save.isError ? <ErrorNotice error={save.error} /> : null}
    </form>
  )
}
