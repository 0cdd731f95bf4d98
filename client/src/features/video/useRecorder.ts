import { useCallback, useEffect, useRef, useState } from 'react'

export type RecorderStage = 'idle' | 'preview' | 'countdown' | 'recording' | 'recorded'

/** Formats this browser can record, best first (Chromium: WebM; Safari: MP4). */
const TYPES = ['video/webm;codecs=vp8,opus', 'video/webm', 'video/mp4']

/**
 * The browser camera as a small state machine: preview, a 3-2-1 countdown, record (stopping by itself
 * at the school's limit), stop, retake. The camera is released when the component goes away.
 */
export function useRecorder(maxSeconds: number) {
  const [stage, setStage] = useState<RecorderStage>('idle')
  const [count, setCount] = useState(3)
  const [elapsed, setElapsed] = useState(0)
  const [recording, setRecording] = useState<Blob | null>(null)
  const [error, setError] = useState<Error | null>(null)
  const stream = useRef<MediaStream | null>(null)
  const recorder = useRef<MediaRecorder | null>(null)
  const timers = useRef<number[]>([])

  const clearTimers = () => {
    for (const id of timers.current) window.clearInterval(id)
    timers.current = []
  }
  const release = useCallback(() => {
    clearTimers()
    for (const track of stream.current?.getTracks() ?? []) track.stop()
    stream.current = null
  }, [])
  useEffect(() => release, [release])

  const open = async () => {
    setError(null)
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ video: true, audio: true })
      setStage('preview')
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)))
    }
  }

  const stop = () => recorder.current?.state === 'recording' && recorder.current.stop()

  const begin = () => {
    const live = stream.current
    if (!live) return
    const mimeType = TYPES.find((type) => MediaRecorder.isTypeSupported(type))
    const rec = new MediaRecorder(live, mimeType ? { mimeType } : undefined)
    const chunks: Blob[] = []
    rec.ondataavailable = (e) => e.data.size > 0 && chunks.push(e.data)
    rec.onstop = () => {
      clearTimers()
      setRecording(new Blob(chunks, { type: rec.mimeType || 'video/webm' }))
      setStage('recorded')
    }
    recorder.current = rec
    rec.start(1000)
    setElapsed(0)
    setStage('recording')
    const started = Date.now()
    timers.current.push(
      window.setInterval(() => {
        const seconds = Math.floor((Date.now() - started) / 1000)
        setElapsed(seconds)
        if (seconds >= maxSeconds) stop()
      }, 250),
    )
  }

  const start = () => {
    setCount(3)
    setStage('countdown')
    let left = 3
    const id = window.setInterval(() => {
      left -= 1
      if (left > 0) return setCount(left)
      window.clearInterval(id)
      begin()
    }, 1000)
    timers.current.push(id)
  }

  const retake = () => {
    setRecording(null)
    setStage(stream.current ? 'preview' : 'idle')
  }

  const close = () => {
    release()
    setRecording(null)
    setStage('idle')
  }

  return { stage, count, elapsed, recording, error, stream, open, start, stop, retake, close }
}
