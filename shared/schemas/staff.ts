import { z } from 'zod'
import { emailSchema, localeSchema } from './accounts.js'
import { idSchema, requireSomeField, safeString, textSchema } from './common.js'

/** A teacher of the school as her colleagues see her on the staff page. */
export const staffMemberSchema = z.object({
  id: idSchema,
  displayName: z.string(),
  email: z.string(),
  schoolAdmin: z.boolean(),
  safeguardingLead: z.boolean(),
})
export type StaffMember = z.infer<typeof staffMemberSchema>

/** The secret in an invitation or reset link: 43 base64url characters (32 random bytes). */
export const linkTokenSchema = safeString().regex(/^[\w-]{43}$/, 'Not a code from Bridges')

/** A new invitation, answered once: only a hash of `code` is kept. */
export const staffInvitationSchema = z.object({
  code: linkTokenSchema,
  expiresAt: z.string(),
})
export type StaffInvitation = z.infer<typeof staffInvitationSchema>

export const invitationCodeParamsSchema = z.object({ code: linkTokenSchema })

/** What the join page shows before a colleague creates her account. */
export const invitationPreviewSchema = z.object({
  schoolName: z.string(),
  invitedBy: z.string(),
  expiresAt: z.string(),
})
export type InvitationPreview = z.infer<typeof invitationPreviewSchema>

export const joinSchoolSchema = z.object({
  code: linkTokenSchema,
  email: emailSchema,
  password: safeString().min(1).max(200),
  displayName: textSchema(80),
  locale: localeSchema.optional(),
})
export type JoinSchool = z.infer<typeof joinSchoolSchema>

/** A school admin gives or takes a colleague's roles. */
export const updateStaffSchema = requireSomeField(
  z.object({
    schoolAdmin: z.boolean().optional(),
    safeguardingLead: z.boolean().optional(),
  }),
)
export type UpdateStaff = z.infer<typeof updateStaffSchema>

export const staffParamsSchema = z.object({ userId: idSchema })

/** "I forgot my password": the answer is the same whether or not the address has an account. */
export const passwordResetRequestSchema = z.object({ email: emailSchema })
export type PasswordResetRequest = z.infer<typeof passwordResetRequestSchema>

export const passwordResetSchema = z.object({
  token: linkTokenSchema,
  newPassword: safeString().min(1).max(200),
})
export type PasswordReset = z.infer<typeof passwordResetSchema>

/** Whether this Bridges sends reset links by email (SMTP_URL set), or a school admin issues them. */
export const passwordResetModeSchema = z.object({ byEmail: z.boolean() })

/** A reset link issued by a school admin to pass on by hand: only a hash of `token` is kept. */
export const issuedResetSchema = z.object({
  token: linkTokenSchema,
  expiresAt: z.string(),
})
export type IssuedReset = z.infer<typeof issuedResetSchema>
