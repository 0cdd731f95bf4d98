/** Room names in one place, so a typo cannot split a room in two. */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`
export const userRoom = (userId: string) => `user:${userId}`
export const schoolTeachersRoom = (schoolId: string) => `school-teachers:${schoolId}`
