import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { VideoSettings } from '../../../../shared/schemas/video.js'
import { apiPatch, apiPost } from '../../api/http.js'
import { useMe } from '../../app/session.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { useSavedToggle } from '../../ui/useSavedToggle.js'
import { useLink } from '../links/api.js'
import { wallKey } from '../wall/api.js'
import { uploadVideo, useVideoSettings, videoSettingsKey } from './api.js'
import { useRecorder } from './useRecorder.js'
import './video.css'

/**
 * Record a video postcard in the browser (or choose one from a phone) and send it to the wall. It
 * goes to the moderation queue like any pupil item; its transcode's progress shows on its card.
 */
export function VideoComposer({ linkId, parentId }: { linkId: string; parentId?: string }) {
  const { t } = useTranslation('video')
  const me = useMe().data?.user
  const settings = useVideoSettings(linkId)
  const [caption, setCaption] = useState('')
  const [sent, setSent] = useState(false)
  const recorder = useRecorder(settings.data?.maxSeconds ?? 120)
  const queryClient = useQueryClient()
  const send = useMutation({
    mutationFn: async (file: Blob) => {
      const video = await uploadVideo(linkId, file, file instanceof File ? file.name : 'postcard.webm')
      return apiPost(`/links/${linkId}/wall`, {
        kind: 'video',
        mediaId: video.id,
        caption,
        ...(parentId ? { parentId } : {}),
        // A teacher's own postcard publishes at once: like her pictures, it names nobody unless approved otherwise.
        ...(me?.role === 'teacher' ? { shownPupilIds: [] } : {}),
      })
    },
    onSuccess: () => {
      setSent(true)
      setCaption('')
      recorder.close()
      void queryClient.invalidateQueries({ queryKey: wallKey(linkId) })
    },
  })
  if (!settings.data || !me) return null
  if (!settings.data.available) return <p className="notice">{t('unavailable')}</p>
  const mayRecord = me.role === 'teacher' || settings.data.pupilsMayRecord
  return (
    <section
      className="card stack video-recorder"
      aria-label={parentId ? t('composer.replyTitle') : t('composer.title')}
    >
      <h2>{parentId ? t('composer.replyTitle') : t('composer.title')}</h2>
      {me.role === 'teacher' && !parentId ? <PupilsMayRecord linkId={linkId} settings={settings.data} /> : null}
      {!mayRecord ? (
        <p className="muted">{t('composer.notAllowed')}</p>
      ) : (
        <>
          <p className="muted">{t('composer.limit', { seconds: settings.data.maxSeconds })}</p>
          <Stage recorder={recorder} />
          <label className="field">
            <span>{t('composer.caption')}</span>
            <input value={caption} onChange={(e) => setCaption(e.target.value)} maxLength={200} />
          </label>
          <div className="row">
            {recorder.stage === 'recorded' && recorder.recording ? (
              <button type="button" disabled={send.isPending} onClick={() => send.mutate(recorder.recording!)}>
                {send.isPending ? t('composer.sending') : t('composer.send')}
              </button>
            ) : null}
            <label className="button secondary">
              {t('composer.choose')}
              <input
                type="file"
                accept="video/*"
                className="visually-hidden"
                onChange={(e) => {
                  const file = e.target.files?.[0]
                  if (file) send.mutate(file)
                  e.target.value = ''
                }}
              />
            </label>
          </div>
        </>
      )}
      {sent && !send.isPending ? (
        <p className="notice" role="status">
          {me.role === 'teacher' ? t('composer.sentTeacher') : t('composer.sent')}
        </p>
      ) : null}
      {recorder.error ? <p className="notice error">{t('composer.noCamera')}</p> : null}
      {send.isError ? <ErrorNotice error={send.error} /> : null}
    </section>
  )
}

function Stage({ recorder }: { recorder: ReturnType<typeof useRecorder> }) {
  const { t } = useTranslation('video')
  const live = useRef<HTMLVideoElement>(null)
  const { stage, stream, recording } = recorder
  const playback = useMemo(() => (recording ? URL.createObjectURL(recording) : null), [recording])
  useEffect(() => {
    if (live.current && stream.current) live.current.srcObject = stream.current
  }, [stage, stream])
  useEffect(() => () => (playback ? URL.revokeObjectURL(playback) : undefined), [playback])
  if (stage === 'idle')
    return (
      <div className="row">
        <button type="button" onClick={() => void recorder.open()}>
          {t('composer.openCamera')}
        </button>
      </div>
    )
  return (
    <div className="stack">
      {stage === 'recorded' && playback ? (
        <video src={playback} controls playsInline aria-label={t('composer.yourRecording')} />
      ) : (
        <video ref={live} autoPlay muted playsInline aria-label={t('composer.camera')} />
      )}
      <p aria-live="assertive" className="video-countdown" data-testid="countdown">
        {stage === 'countdown' ? recorder.count : ''}
      </p>
      <div className="row">
        {stage === 'preview' ? (
          <button type="button" onClick={recorder.start}>
            {t('composer.record')}
          </button>
        ) : null}
        {stage === 'recording' ? (
          <>
            <span role="status">{t('composer.recording', { seconds: recorder.elapsed })}</span>
            <button type="button" onClick={recorder.stop}>
              {t('composer.stop')}
            </button>
          </>
        ) : null}
        {stage === 'recorded' ? (
          <button type="button" className="secondary" onClick={recorder.retake}>
            {t('composer.retake')}
          </button>
        ) : null}
        <button type="button" className="secondary" onClick={recorder.close}>
          {t('composer.cancel')}
        </button>
      </div>
    </div>
  )
}

/** "Answer with a video" under a video postcard: the recorder opens when asked for. */
export function VideoReply({ linkId, parentId }: { linkId: string; parentId: string }) {
  const { t } = useTranslation('video')
  const [open, setOpen] = useState<'video' | 'letter' | null>(null)
  if (open === 'video') return <VideoComposer linkId={linkId} parentId={parentId} />
  if (open === 'letter') return <LetterReply linkId={linkId} parentId={parentId} />
  return (
    <div className="row">
      <button type="button" className="secondary small" onClick={() => setOpen('video')}>
        {t('composer.answer')}
      </button>
      <button type="button" className="secondary small" onClick={() => setOpen('letter')}>
        {t('letterReply.answer')}
      </button>
    </div>
  )
}

/** A letter that answers a video postcard: moderated like any letter, shown under the video. */
function LetterReply({ linkId, parentId }: { linkId: string; parentId: string }) {
  const { t } = useTranslation('video')
  const me = useMe().data?.user
  const queryClient = useQueryClient()
  const [body, setBody] = useState('')
  const send = useMutation({
    mutationFn: () => apiPost(`/links/${linkId}/wall`, { kind: 'letter', body, parentId }),
    onSuccess: () => {
      setBody('')
      void queryClient.invalidateQueries({ queryKey: wallKey(linkId) })
    },
  })
  return (
    <form
      className="stack"
      aria-label={t('letterReply.title')}
      onSubmit={(e) => {
        e.preventDefault()
        if (body.trim()) send.mutate()
      }}
    >
      <label className="field">
        <span>{t('letterReply.label')}</span>
        <textarea value={body} onChange={(e) => setBody(e.target.value)} rows={4} maxLength={4000} dir="auto" />
      </label>
      <div className="row">
        <button type="submit" className="small" disabled={send.isPending || !body.trim()}>
          {t('letterReply.send')}
        </button>
      </div>
      {send.isSuccess ? (
        <p className="notice" role="status">
          {me?.role === 'teacher' ? t('letterReply.sentTeacher') : t('composer.sent')}
        </p>
      ) : null}
      {send.isError ? <ErrorNotice error={send.error} /> : null}
    </form>
  )
}

/** The teacher lets her class's pupils record video postcards (off until she does). */
function PupilsMayRecord({ linkId, settings }: { linkId: string; settings: VideoSettings }) {
  const { t } = useTranslation('video')
  const me = useMe().data?.user
  const link = useLink(linkId).data
  const queryClient = useQueryClient()
  const classId = link?.classes.find((c) => c.schoolId === me?.schoolId)?.classId
  const change = useMutation({
    mutationFn: (pupilsMayRecord: boolean) =>
      apiPatch<VideoSettings>(`/classes/${classId}/video-settings`, { pupilsMayRecord }),
    onSuccess: (saved) => queryClient.setQueryData(videoSettingsKey(linkId), saved),
  })
  const { checked, toggle } = useSavedToggle(settings.pupilsMayRecord, (value, onError) =>
    change.mutate(value, { onError }),
  )
  if (!classId) return null
  return (
    <label className="row">
      <input type="checkbox" checked={checked} disabled={change.isPending} onChange={(e) => toggle(e.target.checked)} />
      {t('composer.pupilsMayRecord')}
    </label>
  )
}
