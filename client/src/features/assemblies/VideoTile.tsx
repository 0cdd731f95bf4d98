import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { Quality } from './quality.js'

interface Props {
  label: string
  stream: MediaStream | null
  colorIndex: number
  muted?: boolean
  self?: boolean
  quality?: Quality
  hand?: boolean
  /** How much our video to this class is scaled down (remote tiles only). */
  sendScale?: number
  spotlight?: boolean
  onSpotlight?: () => void
  actions?: React.ReactNode
}

/** One classroom on the projector: its video (or its name when it sends none), quality and raised hand. */
export function VideoTile({
  label,
  stream,
  colorIndex,
  muted,
  self,
  quality,
  hand,
  sendScale,
  spotlight,
  onSpotlight,
  actions,
}: Props) {
  const { t } = useTranslation('assemblies')
  const video = useRef<HTMLVideoElement>(null)
  useEffect(() => {
    if (video.current && video.current.srcObject !== stream) video.current.srcObject = stream
  }, [stream])
  const hasVideo = Boolean(stream?.getVideoTracks().length)
  return (
    <figure
      className={`tile${spotlight ? ' spotlight' : ''}`}
      style={{ borderColor: `var(--class-${colorIndex})` }}
      data-testid={self ? 'tile-self' : 'tile-remote'}
      data-video-tracks={stream?.getVideoTracks().length ?? 0}
      data-bytes-received={quality?.bytesReceived ?? 0}
      data-video-bytes-received={quality?.videoBytesReceived ?? 0}
      data-candidate-type={quality?.candidateType ?? ''}
      data-frame-width={quality?.videoFrameWidth ?? 0}
      data-send-scale={sendScale ?? ''}
    >
      <video
        ref={video}
        autoPlay
        playsInline
        muted={muted}
        aria-label={t('tile.video', { name: label })}
        hidden={!hasVideo}
      />
      {!hasVideo ? (
        <div className="tile-placeholder" aria-hidden="true">
          {label.slice(0, 1)}
        </div>
      ) : null}
      <figcaption className="row">
        <strong>{label}</strong>
        {hand ? (
          <span className="badge" role="status">
            {t('tile.hand')}
          </span>
        ) : null}
        {quality ? (
          <span
            className={`quality ${quality.level}`}
            title={t('tile.qualityDetail', { loss: quality.lossPercent, rtt: quality.rttMs })}
          >
            {t(`tile.quality.${quality.level}`)} · {quality.kbps} kbps
          </span>
        ) : null}
        {onSpotlight ? (
          <button type="button" className="link" onClick={onSpotlight}>
            {spotlight ? t('tile.grid') : t('tile.spotlight')}
          </button>
        ) : null}
        {actions}
      </figcaption>
    </figure>
  )
}
