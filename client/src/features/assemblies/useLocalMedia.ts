import { useCallback, useEffect, useState } from 'react'

export type MediaProblem = 'denied' | 'no-camera' | 'no-devices' | null

/**
 * The class computer's camera and microphone, chosen in the lobby. Without a camera or permission the
 * class still takes part: audio-only, or view-only with no stream at all.
 */
export function useLocalMedia(audioOnly: boolean, cameraId: string, micId: string) {
  const [stream, setStream] = useState<MediaStream | null>(null)
  const [problem, setProblem] = useState<MediaProblem>(null)
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([])

  useEffect(() => {
    let cancelled = false
    let acquired: MediaStream | null = null
    const start = async () => {
      setProblem(null)
      const audio = micId ? { deviceId: { exact: micId } } : true
      // 640×480 by default: enough for a projector across a room, and gentle on a shared school line.
      const video = audioOnly
        ? false
        : { ...(cameraId ? { deviceId: { exact: cameraId } } : {}), width: { ideal: 640 }, height: { ideal: 480 } }
      try {
        acquired = await navigator.mediaDevices.getUserMedia({ audio, video })
      } catch (error) {
        const name = error instanceof DOMException ? error.name : ''
        if (name === 'NotAllowedError') setProblem('denied')
        else if (!audioOnly && (name === 'NotFoundError' || name === 'OverconstrainedError')) {
          // No camera: fall back to the microphone alone.
          setProblem('no-camera')
          acquired = await navigator.mediaDevices.getUserMedia({ audio: true, video: false }).catch(() => null)
          if (!acquired) setProblem('no-devices')
        } else setProblem('no-devices')
      }
      if (cancelled) {
        acquired?.getTracks().forEach((t) => t.stop())
        return
      }
      setStream(acquired)
      setDevices(await navigator.mediaDevices.enumerateDevices().catch(() => []))
    }
    void start()
    return () => {
      cancelled = true
      acquired?.getTracks().forEach((t) => t.stop())
    }
  }, [audioOnly, cameraId, micId])

  const setEnabled = useCallback(
    (kind: 'audio' | 'video', enabled: boolean) =>
      stream
        ?.getTracks()
        .filter((t) => t.kind === kind)
        .forEach((t) => (t.enabled = enabled)),
    [stream],
  )
  return { stream, problem, devices, setEnabled }
}
