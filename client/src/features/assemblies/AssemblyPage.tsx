import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useCallback, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link as RouterLink, useParams } from 'react-router'
import type { Assembly } from '../../../../shared/schemas/assemblies.js'
import { apiPost } from '../../api/http.js'
import { useMe } from '../../app/session.js'
import { useSocketEvent } from '../../app/socket.js'
import { ErrorNotice } from '../../ui/ErrorNotice.js'
import { Loading, PageHeader } from '../../ui/Page.js'
import { useLinkRoom } from '../links/useLinkRoom.js'
import { useDataSaver } from '../media/useDataSaver.js'
import { assemblyKey, useAssembly, useAttendance } from './api.js'
import { AssemblyRoom } from './AssemblyRoom.js'
import { ChatPanel } from './ChatPanel.js'
import { useLocalMedia } from './useLocalMedia.js'
import { VideoTile } from './VideoTile.js'
import './assemblies.css'
import { useFormat } from '../../i18n/format.js'

export function AssemblyPage() {
  const { t } = useTranslation('assemblies')
  const format = useFormat()
  const { assemblyId = '' } = useParams()
  const assembly = useAssembly(assemblyId)
  const me = useMe().data?.user
  const queryClient = useQueryClient()
  useLinkRoom(assembly.data?.linkId ?? '')
  const onStatus = useCallback(
    (payload: { assemblyId: string }) => {
      if (payload.assemblyId === assemblyId) void queryClient.invalidateQueries({ queryKey: assemblyKey(assemblyId) })
    },
    [assemblyId, queryClient],
  )
  useSocketEvent('assembly:status', onStatus)
  if (assembly.isPending) return <Loading />
  if (assembly.isError) return <ErrorNotice error={assembly.error} />
  const a = assembly.data
  return (
    <section className="stack">
      <PageHeader
        title={a.title}
        intro={`${format.dateTime(a.startsAt, 'dateTimeFull')} · ${t(`status.${a.status}`)}`}
        actions={
          <RouterLink className="button secondary" to={`/links/${a.linkId}`}>
            {t('back')}
          </RouterLink>
        }
      />
      {a.agenda ? <p className="card">{a.agenda}</p> : null}
      {me?.role !== 'teacher' ? (
        <>
          <p className="notice">{t('pupilNotice')}</p>
          {a.status === 'scheduled' ? (
            <p className="muted">{t('chat.notYet')}</p>
          ) : (
            <ChatPanel assembly={a} canHost={false} />
          )}
        </>
      ) : a.status === 'ended' ? (
        <>
          <AttendanceTable assemblyId={a.id} />
          <ChatPanel assembly={a} canHost={false} />
        </>
      ) : (
        <Lobby assembly={a} />
      )}
    </section>
  )
}

function Lobby({ assembly }: { assembly: Assembly }) {
  const { t } = useTranslation('assemblies')
  const queryClient = useQueryClient()
  const dataSaver = useDataSaver()
  // A class on data saver starts audio-only; the teacher can still untick it and send video.
  const [audioOnly, setAudioOnly] = useState(
    () => dataSaver || new URLSearchParams(window.location.search).get('audio') === 'only',
  )
  const [cameraId, setCameraId] = useState('')
  const [micId, setMicId] = useState('')
  // Remembered for this tab, so a class that reloads goes straight back into the assembly.
  const joinedKey = `bridges:assembly:${assembly.id}:joined`
  const [joined, setJoinedState] = useState(() => sessionStorage.getItem(joinedKey) === '1')
  const setJoined = (value: boolean) => {
    if (value) sessionStorage.setItem(joinedKey, '1')
    else sessionStorage.removeItem(joinedKey)
    setJoinedState(value)
  }
  const media = useLocalMedia(audioOnly, cameraId, micId)
  const setStatus = useMutation({
    mutationFn: (action: 'open' | 'end') => apiPost<Assembly>(`/assemblies/${assembly.id}/${action}`),
    onSuccess: (updated) => queryClient.setQueryData(assemblyKey(assembly.id), updated),
  })
  if (joined && assembly.status === 'open') {
    return (
      <AssemblyRoom
        assembly={assembly}
        stream={media.stream}
        setEnabled={media.setEnabled}
        onLeave={() => setJoined(false)}
        onEnd={() => setStatus.mutate('end')}
      />
    )
  }
  const cameras = media.devices.filter((d) => d.kind === 'videoinput')
  const mics = media.devices.filter((d) => d.kind === 'audioinput')
  return (
    <div className="lobby grid two">
      <VideoTile label={t('lobby.preview')} stream={media.stream} colorIndex={0} muted self />
      <div className="card stack">
        <h2>{t('lobby.title')}</h2>
        {media.problem ? (
          <p className="notice warn" role="status">
            {t(`lobby.problem.${media.problem}`)}
          </p>
        ) : null}
        {cameras.length > 1 ? (
          <div className="field">
            <label htmlFor="camera">{t('lobby.camera')}</label>
            <select id="camera" value={cameraId} onChange={(e) => setCameraId(e.target.value)}>
              {cameras.map((d, i) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label || t('lobby.cameraN', { n: i + 1 })}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {mics.length > 1 ? (
          <div className="field">
            <label htmlFor="mic">{t('lobby.microphone')}</label>
            <select id="mic" value={micId} onChange={(e) => setMicId(e.target.value)}>
              {mics.map((d, i) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label || t('lobby.micN', { n: i + 1 })}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <label className="row">
          <input type="checkbox" checked={audioOnly} onChange={(e) => setAudioOnly(e.target.checked)} />
          {t('lobby.audioOnly')}
        </label>
        <p className="muted">{t('lobby.audioOnlyHint')}</p>
        {dataSaver && audioOnly ? (
          <p className="notice" role="status">
            {t('lobby.dataSaverNotice')}
          </p>
        ) : null}
        {assembly.status === 'scheduled' ? (
          <p className="notice" role="status">
            {t('lobby.waiting')}
          </p>
        ) : null}
        {setStatus.isError ? <ErrorNotice error={setStatus.error} /> : null}
        <div className="row">
          {assembly.status === 'scheduled' ? (
            <button type="button" onClick={() => setStatus.mutate('open')}>
              {t('lobby.open')}
            </button>
          ) : null}
          <button type="button" onClick={() => setJoined(true)} disabled={assembly.status !== 'open'}>
            {t('lobby.join')}
          </button>
          {assembly.status === 'open' ? (
            <button type="button" className="danger" onClick={() => setStatus.mutate('end')}>
              {t('room.endForAll')}
            </button>
          ) : null}
        </div>
      </div>
    </div>
  )
}

function AttendanceTable({ assemblyId }: { assemblyId: string }) {
  const { t } = useTranslation('assemblies')
  const format = useFormat()
  const attendance = useAttendance(assemblyId, true)
  return (
    <section className="card stack" aria-labelledby="attendance">
      <h2 id="attendance">{t('attendance.title')}</h2>
      {attendance.data?.length === 0 ? <p className="muted">{t('attendance.none')}</p> : null}
      <table>
        <thead>
          <tr>
            <th>{t('attendance.class')}</th>
            <th>{t('attendance.joined')}</th>
            <th>{t('attendance.minutes')}</th>
          </tr>
        </thead>
        <tbody>
          {attendance.data?.map((row, i) => (
            <tr key={`${row.classId}-${i}`}>
              <td>
                {row.schoolName} · {row.className}
              </td>
              <td>{format.dateTime(row.joinedAt, 'time')}</td>
              <td>{row.minutes}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
