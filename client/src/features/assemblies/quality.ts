import type SimplePeer from 'simple-peer'

export type QualityLevel = 'good' | 'fair' | 'poor'

export interface Quality {
  level: QualityLevel
  lossPercent: number
  rttMs: number
  kbps: number
  bytesReceived: number
  videoBytesReceived: number
  /** host, srflx or relay: how this connection travels (relay = through TURN). */
  candidateType: string
}

// simple-peer keeps its RTCPeerConnection on a private field; statistics and sender settings need it.
export const connectionOf = (peer: SimplePeer.Instance) => (peer as unknown as { _pc?: RTCPeerConnection })._pc

/** Loss, round-trip time and incoming bitrate for one partner, from getStats. */
export async function measure(peer: SimplePeer.Instance, previous: Quality | undefined, intervalMs: number): Promise<Quality | undefined> {
  const pc = connectionOf(peer)
  if (!pc) return undefined
  const stats = await pc.getStats()
  let bytes = 0
  let videoBytes = 0
  let lost = 0
  let received = 0
  let rtt = 0
  let localCandidateId = ''
  let selectedPairId = ''
  const candidates = new Map<string, string>()
  stats.forEach((report: Record<string, unknown> & { type: string }) => {
    if (report.type === 'inbound-rtp') {
      bytes += Number(report.bytesReceived ?? 0)
      if (report.kind === 'video') videoBytes += Number(report.bytesReceived ?? 0)
      lost += Math.max(0, Number(report.packetsLost ?? 0))
      received += Number(report.packetsReceived ?? 0)
    }
    if (report.type === 'transport' && report.selectedCandidatePairId) selectedPairId = String(report.selectedCandidatePairId)
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
  return { level, lossPercent: Math.round(lossPercent * 10) / 10, rttMs: Math.round(rtt), kbps: Math.round(kbps), bytesReceived: bytes, videoBytesReceived: videoBytes, candidateType: candidates.get(localCandidateId) ?? '' }
}

/**
 * When a partner's line is poor, send less before the call breaks: lower resolution and frame rate
 * on our video sender; restore them when it recovers.
 */
export async function adaptSending(peer: SimplePeer.Instance, level: QualityLevel): Promise<void> {
  const pc = connectionOf(peer)
  if (!pc) return
  for (const sender of pc.getSenders()) {
    if (sender.track?.kind !== 'video') continue
    const params = sender.getParameters()
    if (!params.encodings?.length) params.encodings = [{}]
    const encoding = params.encodings[0] as RTCRtpEncodingParameters
    const poor = level === 'poor'
    encoding.scaleResolutionDownBy = poor ? 2 : 1
    encoding.maxFramerate = poor ? 12 : 30
    encoding.maxBitrate = poor ? 250_000 : 1_500_000
    await sender.setParameters(params).catch(() => undefined)
  }
}
