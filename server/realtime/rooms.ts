/** Room names in one place, so a typo cannot split a room in two. */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`
export const userRoom = (userId: string) => `user:${userId}`
export const schoolTeachersRoom = (schoolId: string) => `school-teachers:${schoolId}`
/** Everyone viewing a link (its home, presence, link-wide notices). */
export const linkRoom = (linkId: string) => `link:${linkId}`
/** The teachers of one school inside one link (moderation of that school's pupils). */
export const linkSchoolTeachersRoom = (linkId: string, schoolId: string) => `link:${linkId}:teachers:${schoolId}`
/** Everyone viewing a board. */
export const boardRoom = (boardId: string) => `board:${boardId}`
/** The teachers viewing a board (they also see flagged and hidden posts). */
export const boardTeachersRoom = (boardId: string) => `board:${boardId}:teachers`
/** One school's teachers viewing a board (they see their own pupils' held posts). */
export const boardSchoolRoom = (boardId: string, schoolId: string) => `board:${boardId}:school:${schoolId}`
/** The safeguarding lead of one school viewing a board (she sees her school's deleted posts too). */
export const boardSafeguardingRoom = (boardId: string, schoolId: string) => `board:${boardId}:safeguarding:${schoolId}`
/** The class computers in one assembly (signals are relayed only inside it). */
export const assemblyRoom = (assemblyId: string) => `assembly:${assemblyId}`
/** Everyone following an assembly's chat: its class computers and the link's pupils. */
export const assemblyChatRoom = (assemblyId: string) => `assembly:${assemblyId}:chat`
/** The teachers following an assembly's chat (they also see flagged and hidden messages). */
export const assemblyChatTeachersRoom = (assemblyId: string) => `assembly:${assemblyId}:chat:teachers`
/** One school's teachers following an assembly's chat (they see their own pupils' held messages). */
export const assemblyChatSchoolRoom = (assemblyId: string, schoolId: string) =>
  `assembly:${assemblyId}:chat:school:${schoolId}`
/** The safeguarding lead of one school following an assembly's chat (she sees its deleted messages too). */
export const assemblyChatSafeguardingRoom = (assemblyId: string, schoolId: string) =>
  `assembly:${assemblyId}:chat:safeguarding:${schoolId}`
