/**
 * What a role may do, mirrored from jiancha.governance.roles for the menu's fallback while
 * GET /api/me does not list `permissions`. Owns only this table and `permissionsOf`;
 * the API stays the authority (it refuses what is not allowed).
 */
const PROSECUTOR = [
  'datasets.read',
  'datasets.request',
  'models.read',
  'leads.read',
  'leads.export',
  'leads.handle',
  'stats.read',
  'orgs.read',
]

export const ROLE_PERMISSIONS: Record<string, string[]> = {
  admin: [
    ...PROSECUTOR,
    'datasets.import',
    'access.decide',
    'models.install',
    'models.run',
    'leads.assign',
    'leads.refer',
    'referrals.decide',
    'users.manage',
    'audit.read',
  ],
  data_admin: ['datasets.read', 'datasets.import', 'models.read', 'orgs.read'],
  modeller: [
    'datasets.read',
    'datasets.request',
    'models.read',
    'models.install',
    'models.run',
    'stats.read',
    'orgs.read',
  ],
  prosecutor: PROSECUTOR,
  leader: [...PROSECUTOR, 'leads.assign', 'leads.refer', 'referrals.decide', 'access.decide'],
  auditor: ['audit.read', 'stats.read', 'orgs.read'],
}

/** The user's permissions: the API's list when it gives one, else the role's. */
export function permissionsOf(user: { role: string; permissions?: string[] } | null): string[] {
  if (!user) return []
  return user.permissions ?? ROLE_PERMISSIONS[user.role] ?? []
}
