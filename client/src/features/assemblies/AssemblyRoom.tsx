import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Assembly } from '../../../../shared/schemas/assemblies.js'
import { useMe } from '../../app/session.js'
import { ChatPanel } from './ChatPanel.js'
import { useAssemblyRoom } from './useAssemblyRoom.js'
import { VideoTile } from './VideoTile.js'

/** In the assembly: every class on the projector, controls for this class, chat. */
export function AssemblyRoom({
  assembly,
  stream,
  onLeave,
  onEnd,
  setEnabled,
}: {
  assembly: Assembly
  stream: MediaStream | null
  onLeave(): void
  onEnd(): void
  setEnabled(kind: 'audio' | 'video', on: boolean): void
}) {
  const { t } = useTranslation('assemblies')
  const me = useMe().data?.user
  const [weakLine, setWeakLine] = useState(false)
  const room = useAssemblyRoom(assembly.id, stream, true, weakLine)
  const [micOn, setMicOn] = useState(true)
  const [camOn, setCamOn] = useState(true)
  const [hand, setHand] = useState(false)
  const [spotlight, setSpotlight] = useState<string | null>(null)
  const [sharing, setSharing] = useState(false)
  const stage = useRef<HTMLDivElement>(null)
  const remotes = Object.values(room.remotes)
  const toggleMic = () => {
    setEnabled('audio', !micOn)
    setMicOn(!micOn)
    room.clearMuted()
  }
  const toggleCam = () => {
    setEnabled('video', !camOn)
    setCamOn(!camOn)
  }
  const share = async () => {
    const display = await navigator.mediaDevices.getDisplayMedia({ video: true }).catch(() => null)
    const track = display?.getVideoTracks()[0]
    if (!track) return
    const camera = stream?.getVideoTracks()[0]
    room.replaceVideo(track)
    setSharing(true)
    track.onended = () => {
      if (camera) room.replaceVideo(camera)
      setSharing(false)
    }
  }
  if (room.error)
    return (
      <p className="notice error" role="alert">
        {t(`errors:${room.error}`)}
      </p>
    )
  return (
    <div className="assembly-room stack">
      {room.mutedBy ? (
        <p className="notice warn" role="status">
          {t('room.mutedBy', { name: room.mutedBy })}
        </p>
      ) : null}
      <div ref={stage} className={`stage${spotlight ? ' has-spotlight' : ''}`} data-testid="stage">
        <VideoTile
          label={t('room.you', { name: room.self?.className ?? me?.displayName ?? '' })}
          stream={stream}
          colorIndex={room.self?.colorIndex ?? 0}
          muted
          self
          spotlight={spotlight === 'self'}
          onSpotlight={() => setSpotlight(spotlight === 'self' ? null : 'self')}
        />
        {remotes.map((r) => (
          <VideoTile
            key={r.peer.peerId}
            label={r.peer.className ? `${r.peer.schoolName} · ${r.peer.className}` : t('room.joining')}
            stream={r.stream}
            colorIndex={r.peer.colorIndex}
            quality={r.quality}
            hand={r.hand}
            sendScale={r.sendScale}
            spotlight={spotlight === r.peer.peerId}
            onSpotlight={() => setSpotlight(spotlight === r.peer.peerId ? null : r.peer.peerId)}
            actions={
              <button
                type="button"
                className="link"
                onClick={() => room.send('assembly:mute', { peerId: r.peer.peerId })}
              >
                {t('room.muteThem')}
              </button>
            }
          />
        ))}
      </div>
      {remotes.length === 0 ? (
        <p className="muted" role="status">
          {t('room.alone')}
        </p>
      ) : null}
      <div className="row controls" role="toolbar" aria-label={t('room.controls')}>
        <button type="button" className={micOn ? 'secondary' : 'danger'} aria-pressed={!micOn} onClick={toggleMic}>
          {micOn ? t('room.muteMic') : t('room.unmuteMic')}
        </button>
        {stream?.getVideoTracks().length ? (
          <button type="button" className={camOn ? 'secondary' : 'danger'} aria-pressed={!camOn} onClick={toggleCam}>
            {camOn ? t('room.stopCam') : t('room.startCam')}
          </button>
        ) : null}
        <button
          type="button"
          className="secondary"
          aria-pressed={hand}
          onClick={() => {
            room.send('assembly:hand', { raised: !hand })
            setHand(!hand)
          }}
        >
          {hand ? t('room.lowerHand') : t('room.raiseHand')}
        </button>
        {stream?.getVideoTracks().length ? (
          <button type="button" className="secondary" aria-pressed={weakLine} onClick={() => setWeakLine(!weakLine)}>
            {weakLine ? t('room.sendFull') : t('room.sendLess')}
          </button>
        ) : null}
        {stream?.getVideoTracks().length && !sharing ? (
          <button type="button" className="secondary" onClick={() => void share()}>
            {t('room.share')}
          </button>
        ) : null}
        <button type="button" className="secondary" onClick={() => void stage.current?.requestFullscreen?.()}>
          {t('room.fullscreen')}
        </button>
        <button type="button" className="secondary" onClick={onLeave}>
          {t('room.leave')}
        </button>
        <button type="button" className="danger" onClick={onEnd}>
          {t('room.endForAll')}
        </button>
      </div>
      <ChatPanel assembly={assembly} canHost />
    </div>
  )
}
