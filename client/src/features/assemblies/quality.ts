import type SimplePeer from 'simple-peer'

export type QualityLevel = 'good' | 'fair' | 'poor'

export interface Quality {
  level: QualityLevel
  lossPercent: number
  rttMs: number
  kbps: number
  bytesReceived: number
  videoBytesReceived: number
  /** Width of the partner's video as it arrives (it drops when the partner sends less). */
  videoFrameWidth: number
  /** host, srflx or relay: how this connection travels (relay = through TURN). */
  candidateType: string
}

// simple-peer keeps its RTCPeerConnection on a private field; statistics and sender settings need it.
export const connectionOf = (peer: SimplePeer.Instance) => (peer as unknown as { _pc?: RTCPeerConnection })._pc

/** Loss, round-trip time and incoming bitrate for one partner, from getStats. */
export async function measure(
  peer: SimplePeer.Instance,
  previous: Quality | undefined,
  intervalMs: number,
): Promise<Quality | undefined> {
  const pc = connectionOf(peer)
  if (!pc) return undefined
  const stats = await pc.getStats()
  let bytes = 0
  let videoBytes = 0
  let videoFrameWidth = 0
  let lost = 0
  let received = 0
  let rtt = 0
  let localCandidateId = ''
  let selectedPairId = ''
  const candidates = new Map<string, string>()
  stats.forEach((report: Record<string, unknown> & { type: string }) => {
    if (report.type === 'inbound-rtp') {
      bytes += Number(report.bytesReceived ?? 0)
      if (report.kind === 'video') {
        videoBytes += Number(report.bytesReceived ?? 0)
        videoFrameWidth = Math.max(videoFrameWidth, Number(report.frameWidth ?? 0))
      }
      lost += Math.max(0, Number(report.packetsLost ?? 0))
      received += Number(report.packetsReceived ?? 0)
    }
    if (report.type === 'transport' && report.selectedCandidatePairId)
      selectedPairId = String(report.selectedCandidatePairId)
    if (report.type === 'local-candidate') candidates.set(String(report.id), String(report.candidateType))
  })
  stats.forEach((report: Record<string, unknown> & { type: string }) => {
    if (report.type !== 'candidate-pair') return
    if (report.id === selectedPairId || (!selectedPairId && report.nominated && report.state === 'succeeded')) {
      if (report.currentRoundTripTime !== undefined) rtt = Number(report.currentRoundTripTime) * 1000
      localCandidateId = String(report.localCandidateId)
    }
  })
  const lossPercent = received + lost > 0 ? (lost / (received + lost)) * 100 : 0
  const kbps = previous ? Math.max(0, ((bytes - previous.bytesReceived) * 8) / intervalMs) : 0
  const level: QualityLevel = lossPercent > 8 || rtt > 600 ? 'poor' : lossPercent > 3 || rtt > 300 ? 'fair' : 'good'
  return {
    level,
    lossPercent: Math.round(lossPercent * 10) / 10,
    rttMs: Math.round(rtt),
    kbps: Math.round(kbps),
    bytesReceived: bytes,
    videoBytesReceived: videoBytes,
    videoFrameWidth,
    candidateType: candidates.get(localCandidateId) ?? '',
  }
}

/** What a class computer sends: everything, or less (half the resolution, fewer frames) on a poor line. */
export const SENDING = {
  full: { scaleResolutionDownBy: 1, maxFramerate: 30, maxBitrate: 1_500_000 },
  reduced: { scaleResolutionDownBy: 2, maxFramerate: 12, maxBitrate: 250_000 },
} as const
export type Sending = keyof typeof SENDING

/** Less when the partner's line is poor or the class says its own line is weak; full otherwise. */
export const sendingFor = (level: QualityLevel | undefined, weakLine: boolean): Sending =>
  weakLine || level === 'poor' ? 'reduced' : 'full'

/**
 * Sends less before the call breaks: lower resolution, frame rate and bitrate on our video sender
 * through `RTCRtpSender.setParameters`; restored when the line recovers.
 */
export async function adaptSending(peer: SimplePeer.Instance, sending: Sending): Promise<void> {
  const pc = connectionOf(peer)
  if (!pc) return
  for (const sender of pc.getSenders()) {
    if (sender.track?.kind !== 'video') continue
    const params = sender.getParameters()
    if (!params.encodings?.length) params.encodings = [{}]
    Object.assign(params.encodings[0] as RTCRtpEncodingParameters, SENDING[sending])
    await sender.setParameters(params).catch(() => undefined)
  }
}

/** What our video sender to this partner is set to now (read back from the sender itself). */
export function currentScale(peer: SimplePeer.Instance): number | undefined {
  const sender = connectionOf(peer)
    ?.getSenders()
    .find((s) => s.track?.kind === 'video')
  return sender?.getParameters().encodings?.[0]?.scaleResolutionDownBy
}
