/** Room names in one place, so a typo cannot split a room in two. */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`
export const userRoom = (userId: string) => `user:${userId}`
export const schoolTeachersRoom = (schoolId: string) => `school-teachers:${schoolId}`
/** Everyone viewing a link (its home, presence, link-wide notices). */
export const linkRoom = (linkId: string) => `link:${linkId}`
/** The teachers of one school inside one link (moderation of that school's pupils). */
export const linkSchoolTeachersRoom = (linkId: string, schoolId: string) => `link:${linkId}:teachers:${schoolId}`
