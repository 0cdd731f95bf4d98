import { useCallback, useEffect, useRef, useState } from 'react'
import SimplePeer from 'simple-peer'
import type { IceServers, Peer, SignalData } from '../../../../shared/schemas/assemblies.js'
import { useSocket } from '../../app/socket.js'
import { fetchIce } from './api.js'
import { adaptSending, currentScale, measure, sendingFor, type Quality } from './quality.js'

export interface Remote {
  peer: Peer
  stream: MediaStream | null
  quality?: Quality
  hand: boolean
  /** How much our video to this partner is scaled down now (1 = full, 2 = half): read from the sender. */
  sendScale?: number
}

const STATS_EVERY_MS = 2000

/** Forces relay-only ICE (a school behind a strict firewall, or the relay test): `?ice=relay`. */
const relayOnly = () => new URLSearchParams(window.location.search).get('ice') === 'relay'

/**
 * The full mesh of one class computer with every other in the assembly. The newcomer calls everyone
 * already there; the server only relays signals. After any reconnect (a reload, a network blip,
 * a server restart) the class joins again and every connection is rebuilt, with nobody else acting.
 */
/** How long a side waits before offering again after a connection failed. */
const RECONNECT_DELAY_MS = 1000
const RECONNECT_MAX_MS = 30_000

export function useAssemblyRoom(
  assemblyId: string,
  localStream: MediaStream | null,
  active: boolean,
  weakLine = false,
) {
  const { socket } = useSocket()
  const peers = useRef(new Map<string, SimplePeer.Instance>())
  /** The classes in the assembly (until they leave), so a failed connection to one can be rebuilt. */
  const known = useRef(new Map<string, Peer>())
  /** Failed attempts in a row per class: each retry waits twice as long (at most 30 s). */
  const failures = useRef(new Map<string, number>())
  const [remotes, setRemotes] = useState<Record<string, Remote>>({})
  const [self, setSelf] = useState<Peer | null>(null)
  const [mutedBy, setMutedBy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const ice = useRef<IceServers | null>(null)

  const update = useCallback((peerId: string, change: Partial<Remote>) => {
    setRemotes((all) =>
      all[peerId] || change.peer ? { ...all, [peerId]: { ...(all[peerId] as Remote), ...change } } : all,
    )
  }, [])
  const drop = useCallback((peerId: string) => {
    peers.current.get(peerId)?.destroy()
    peers.current.delete(peerId)
    setRemotes((all) => {
      const { [peerId]: _gone, ...rest } = all
      return rest
    })
  }, [])

  useEffect(() => {
    if (!socket || !active) return
    const connect = (peer: Peer, initiator: boolean) => {
      peers.current.get(peer.peerId)?.destroy()
      known.current.set(peer.peerId, peer)
      const config: RTCConfiguration = {
        iceServers: ice.current?.iceServers ?? [],
        ...(relayOnly() ? { iceTransportPolicy: 'relay' as const } : {}),
      }
      const p = new SimplePeer({
        initiator,
        stream: localStream ?? undefined,
        config,
        trickle: true,
        offerOptions: { offerToReceiveAudio: true, offerToReceiveVideo: true },
      })
      peers.current.set(peer.peerId, p)
      setRemotes((all) => ({ ...all, [peer.peerId]: { peer, stream: all[peer.peerId]?.stream ?? null, hand: false } }))
      // simple-peer's signal objects (offer, answer, candidate, renegotiate) travel as they are.
      p.on('signal', (data: SimplePeer.SignalData) =>
        socket.emit('assembly:signal', { assemblyId, to: peer.peerId, data: data as SignalData }, () => {}),
      )
      p.on('stream', (stream: MediaStream) => update(peer.peerId, { stream }))
      // A connection that fails (a busy machine, a line that drops) is rebuilt while the class is still
      // in the assembly: the side that offered offers again; the other side answers the new offer.
      const lost = () => {
        if (peers.current.get(peer.peerId) !== p) return
        drop(peer.peerId)
        if (!initiator) return
        const failed = (failures.current.get(peer.peerId) ?? 0) + 1
        failures.current.set(peer.peerId, failed)
        setTimeout(
          () => {
            const again = known.current.get(peer.peerId)
            if (again && !peers.current.has(peer.peerId)) connect(again, true)
          },
          Math.min(RECONNECT_MAX_MS, RECONNECT_DELAY_MS * 2 ** (failed - 1)),
        )
      }
      p.on('connect', () => failures.current.delete(peer.peerId))
      p.on('close', lost)
      p.on('error', lost)
      return p
    }
    const join = async () => {
      known.current.clear()
      for (const id of [...peers.current.keys()]) drop(id)
      try {
        ice.current = await fetchIce(assemblyId)
      } catch {
        ice.current = { iceServers: [] }
      }
      socket.emit('assembly:join', { assemblyId }, (res) => {
        if (!res.ok) {
          setError(res.error.code)
          return
        }
        setError(null)
        setSelf(res.data.self)
        for (const peer of res.data.peers) connect(peer, true)
      })
    }
    const onJoined = ({ assemblyId: id, peer }: { assemblyId: string; peer: Peer }) => {
      if (id === assemblyId) connect(peer, false)
    }
    const onSignal = ({ assemblyId: id, from, data }: { assemblyId: string; from: string; data: SignalData }) => {
      if (id !== assemblyId) return
      const existing =
        peers.current.get(from) ??
        connect(
          known.current.get(from) ?? { peerId: from, classId: '', className: '', schoolName: '', colorIndex: 0 },
          false,
        )
      existing.signal(data as SimplePeer.SignalData)
    }
    const onLeft = ({ assemblyId: id, peerId }: { assemblyId: string; peerId: string }) => {
      if (id !== assemblyId) return
      known.current.delete(peerId)
      drop(peerId)
    }
    const onHand = ({ assemblyId: id, peerId, raised }: { assemblyId: string; peerId: string; raised: boolean }) => {
      if (id === assemblyId) update(peerId, { hand: raised })
    }
    const onMuted = ({ assemblyId: id, by }: { assemblyId: string; by: string }) => {
      if (id !== assemblyId) return
      localStream?.getAudioTracks().forEach((t) => (t.enabled = false))
      setMutedBy(by)
    }
    socket.on('assembly:peer-joined', onJoined)
    socket.on('assembly:signal', onSignal)
    socket.on('assembly:peer-left', onLeft)
    socket.on('assembly:hand', onHand)
    socket.on('assembly:muted', onMuted)
    const rejoin = () => void join()
    socket.on('connect', rejoin)
    if (socket.connected) void join()
    const current = peers.current
    return () => {
      socket.off('assembly:peer-joined', onJoined)
      socket.off('assembly:signal', onSignal)
      socket.off('assembly:peer-left', onLeft)
      socket.off('assembly:hand', onHand)
      socket.off('assembly:muted', onMuted)
      socket.off('connect', rejoin)
      if (socket.connected) socket.emit('assembly:leave', { assemblyId }, () => {})
      for (const p of current.values()) p.destroy()
      current.clear()
      setRemotes({})
    }
  }, [socket, active, assemblyId, localStream, update, drop])

  // Connection quality per partner; a poor line makes us send less to it.
  const weak = useRef(weakLine)
  const levels = useRef(new Map<string, Quality['level']>())
  const applySending = useCallback(
    async (peerId: string, p: SimplePeer.Instance) => {
      await adaptSending(p, sendingFor(levels.current.get(peerId), weak.current))
      update(peerId, { sendScale: currentScale(p) })
    },
    [update],
  )
  useEffect(() => {
    // A class that says its line is weak sends less to everyone at once, not at the next sample.
    weak.current = weakLine
    for (const [peerId, p] of peers.current) void applySending(peerId, p)
  }, [weakLine, applySending])
  useEffect(() => {
    if (!active) return
    const timer = setInterval(() => {
      for (const [peerId, p] of peers.current) {
        void measure(p, undefined, STATS_EVERY_MS).then(async (sample) => {
          if (!sample) return
          setRemotes((all) => {
            const previous = all[peerId]
            if (!previous) return all
            const kbps = previous.quality
              ? Math.max(0, Math.round(((sample.bytesReceived - previous.quality.bytesReceived) * 8) / STATS_EVERY_MS))
              : 0
            return { ...all, [peerId]: { ...previous, quality: { ...sample, kbps } } }
          })
          levels.current.set(peerId, sample.level)
          await applySending(peerId, p)
        })
      }
    }, STATS_EVERY_MS)
    return () => clearInterval(timer)
  }, [active, applySending])

  /** Swaps the camera for a shared screen (slides) on every connection, and back. */
  const replaceVideo = useCallback(
    (next: MediaStreamTrack) => {
      const current = localStream?.getVideoTracks()[0]
      if (!current || !localStream) return
      for (const p of peers.current.values()) p.replaceTrack(current, next, localStream)
      localStream.removeTrack(current)
      localStream.addTrack(next)
    },
    [localStream],
  )

  const send = useCallback(
    <E extends 'assembly:hand' | 'assembly:mute'>(event: E, payload: Record<string, unknown>) => {
      ;(socket as unknown as { emit(e: string, p: unknown, ack: () => void): void } | null)?.emit(
        event,
        { assemblyId, ...payload },
        () => {},
      )
    },
    [socket, assemblyId],
  )

  return { self, remotes, mutedBy, clearMuted: () => setMutedBy(null), error, replaceVideo, send }
}
