import type { VideoProgress } from '../../../shared/schemas/video.js'
import { schoolTeachersRoom, userRoom } from '../../realtime/rooms.js'
import type { AppServer } from '../../realtime/types.js'

/** Transcode progress, for the teachers of the uploader's school and the uploader herself. A port: the worker knows no Socket.IO. */
export interface VideoEvents {
  progress(to: { schoolId: string; ownerId: string }, payload: VideoProgress): void
}

export class SocketVideoEvents implements VideoEvents {
  private io: AppServer | undefined

  attach(io: AppServer): void {
    this.io = io
  }

  progress(to: { schoolId: string; ownerId: string }, payload: VideoProgress): void {
    const rooms = this.io?.to([schoolTeachersRoom(to.schoolId), userRoom(to.ownerId)])
    // Percents are lossy on purpose (the next one, or the HTTP status, replaces a missed one); the end is not.
    if (payload.status === 'processing') rooms?.volatile.emit('video:progress', payload)
    else rooms?.emit('video:progress', payload)
  }
}
