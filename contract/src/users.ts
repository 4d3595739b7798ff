import { Type, type Static } from '@sinclair/typebox';
import { NewPassword, PASSWORD_RESET_TOKEN_PATTERN, Token, TokenExpiresAt } from './auth';
import { Email, Id, Nullable, StringEnum, Timestamp } from './common';

/**
 * A client company is a team of users. Admins manage users, invitations, linked recruiters and
 * settings; members see everything of the company and give feedback. The last admin stays one.
 */
export const COMPANY_ROLES = ['admin', 'member'] as const;
export type CompanyRole = (typeof COMPANY_ROLES)[number];
export const CompanyRoleSchema = StringEnum(COMPANY_ROLES);

/** How long an invitation link works. */
export const INVITATION_TTL_DAYS = 7;

/** The signed-in person of a client company (on GET /v1/client/profile). */
export const CompanyUserSummary = Type.Object({
  user_id: Id,
  name: Type.String(),
  email: Type.String(),
  role: CompanyRoleSchema,
});
export type CompanyUserSummary = Static<typeof CompanyUserSummary>;

export const CompanyUser = Type.Object({
  user_id: Id,
  name: Type.String(),
  email: Type.String(),
  role: CompanyRoleSchema,
  joined_at: Timestamp,
  two_factor_enabled: Type.Boolean({ description: 'Whether the user signs in with a TOTP code.' }),
});
export type CompanyUser = Static<typeof CompanyUser>;

export const CompanyUserList = Type.Object({ users: Type.Array(CompanyUser) });
export type CompanyUserList = Static<typeof CompanyUserList>;

export const CompanyUserParams = Type.Object({ user_id: Id });
export type CompanyUserParams = Static<typeof CompanyUserParams>;

export const CompanyUserPatch = Type.Object({ role: CompanyRoleSchema }, { additionalProperties: false });
export type CompanyUserPatch = Static<typeof CompanyUserPatch>;

export const InvitationBody = Type.Object({ email: Email, role: CompanyRoleSchema }, { additionalProperties: false });
export type InvitationBody = Static<typeof InvitationBody>;

export const INVITATION_STATUSES = ['pending', 'expired'] as const;

/** An invitation not yet accepted nor revoked. */
export const Invitation = Type.Object({
  invitation_id: Id,
  email: Type.String(),
  role: CompanyRoleSchema,
  status: StringEnum(INVITATION_STATUSES),
  invited_by: Nullable(Type.Object({ user_id: Id, name: Type.String() })),
  created_at: Timestamp,
  expires_at: Timestamp,
});
export type Invitation = Static<typeof Invitation>;

export const InvitationList = Type.Object({ invitations: Type.Array(Invitation) });
export type InvitationList = Static<typeof InvitationList>;

export const InvitationCreated = Type.Composite([
  Invitation,
  Type.Object({
    invitation_url: Type.String({
      description: `The link to send (also mailed to the address): it holds a single-use token, works for ${INVITATION_TTL_DAYS} days, and is shown only this once.`,
    }),
  }),
]);
export type InvitationCreated = Static<typeof InvitationCreated>;

export const InvitationParams = Type.Object({ invitation_id: Id });
export type InvitationParams = Static<typeof InvitationParams>;

const InvitationToken = Type.String({
  pattern: PASSWORD_RESET_TOKEN_PATTERN,
  description: 'From the invitation link (`token=` in its fragment).',
});

export const InvitationTokenBody = Type.Object({ token: InvitationToken }, { additionalProperties: false });
export type InvitationTokenBody = Static<typeof InvitationTokenBody>;

/** What the invitation page shows before the person accepts. */
export const InvitationPreview = Type.Object({ company_name: Type.String(), email: Type.String(), role: CompanyRoleSchema });
export type InvitationPreview = Static<typeof InvitationPreview>;

export const InvitationAcceptBody = Type.Object(
  { token: InvitationToken, name: Type.String({ minLength: 1, maxLength: 200 }), password: NewPassword },
  { additionalProperties: false },
);
export type InvitationAcceptBody = Static<typeof InvitationAcceptBody>;

export const InvitationAccepted = Type.Object({ client_id: Id, user_id: Id, token: Token, token_expires_at: TokenExpiresAt });
export type InvitationAccepted = Static<typeof InvitationAccepted>;
