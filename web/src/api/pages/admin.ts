/**
 * Typed wrappers of the administration routes (管理): users and roles, the office tree, the
 * circuit breaker (alerts, lifting, limits) and the audit trail with its verification.
 * Must not hold page state.
 */
import { api, type Page, type Query } from '@/api/client'
import { paged } from './paging'

export interface Breaker {
  tripped: boolean
  since: string | null
  reason: string | null
  limit_evidence_reads: number
  limit_exported_rows: number
}

export interface UserRow {
  username: string
  display_name: string
  roles: string[]
  role_labels: string[]
  office: string | null
  office_name: string | null
  lines?: string[]
  active: boolean
  locked?: boolean
  must_change_password: boolean
  breaker: Breaker | null
  created_at: string | null
  last_login?: string | null
}

export interface Role {
  name: string
  label: string
  permissions: string[]
  permission_labels?: string[]
  description?: string
}

export interface NewUser {
  username: string
  display_name: string
  roles: string[]
  office: string
  password?: string
}

export interface CreatedUser {
  username: string
  display_name: string
  roles: string[]
  role_labels: string[]
  office: string | null
  must_change_password: boolean
  /** The generated initial password, shown once (null when one was given). */
  password: string | null
}

/** Accounts: `q`, `role`, `office`, `active`, page, size, sort. */
export function listUsers(query: Query): Promise<Page<UserRow>> {
  return api.get<Page<UserRow>>('/users', query)
}

export function listRoles(): Promise<Role[]> {
  return api.get<Role[]>('/roles')
}

export function createUser(form: NewUser): Promise<CreatedUser> {
  const body = { ...form, office: form.office || undefined, password: form.password || undefined }
  return api.post<CreatedUser>('/users', body)
}

export function setRoles(username: string, roles: string[], office?: string): Promise<UserRow> {
  return api.put<UserRow>(`/users/${encodeURIComponent(username)}/roles`, { roles, office: office || undefined })
}

export function setActive(username: string, active: boolean): Promise<unknown> {
  return api.post(`/users/${encodeURIComponent(username)}/${active ? 'activate' : 'deactivate'}`)
}

export interface Org {
  id: number
  code: string
  name: string
  level: string
  level_label: string
  parent: string | null
  depth: number
  aliases: string[]
}

export interface OrgNode extends Org {
  children: OrgNode[]
}

export function listOrgs(): Promise<Org[]> {
  return api.get<Org[]>('/orgs')
}

/** The offices (in tree order, each naming its parent) as a tree for el-tree / el-table. */
export function orgTree(orgs: Org[]): OrgNode[] {
  const nodes = new Map<string, OrgNode>()
  for (const org of orgs) nodes.set(org.code, { ...org, children: [] })
  const roots: OrgNode[] = []
  for (const org of orgs) {
    const node = nodes.get(org.code) as OrgNode
    const parent = org.parent === null ? undefined : nodes.get(org.parent)
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  return roots
}

export interface Alert {
  id: number
  at: string
  user: string | null
  kind: string
  message: string
  detail: unknown
  resolved_by: string | null
  resolved_at: string | null
}

/** Security alerts, paged, filtered and sorted by the server: `open_only`, `user`, `kind`,
 * `q` (user or message), page, size, sort (`-id`: newest first). */
export function listAlerts(query: Query): Promise<Page<Alert>> {
  return api.get<Page<Alert>>('/alerts', paged(query))
}

export function liftBreaker(username: string): Promise<unknown> {
  return api.post(`/users/${encodeURIComponent(username)}/lift`)
}

export interface Limits {
  evidence_reads: number | null
  exported_rows: number | null
}

export function setLimits(username: string, limits: Limits): Promise<unknown> {
  return api.put(`/users/${encodeURIComponent(username)}/limits`, limits)
}

export interface AuditEntry {
  seq: number
  at: string
  actor: string
  action: string
  action_label: string
  object_type: string | null
  object_id: string | null
  rows: number | null
  client: string | null
  result: string
  detail: Record<string, unknown> | null
  hash: string
}

/** The trail, paged, filtered and sorted by the server (an auditor's office scope applies):
 * `action`, `actor`, `object_type`, `object_id`, `result`, `from` / `to` (China days, both
 * included), `q`, page, size, sort (`-seq`: newest first). */
export function listAudit(query: Query): Promise<Page<AuditEntry>> {
  return api.get<Page<AuditEntry>>('/audit', paged(query))
}

export interface AuditProblem {
  kind: string
  seq: number | null
  message: string
}

export interface AuditCheck {
  entries: number
  intact: boolean
  problems: AuditProblem[]
}

export function verifyAudit(): Promise<AuditCheck> {
  return api.get<AuditCheck>('/audit/verify')
}

export interface VerifyDisplay {
  type: 'success' | 'error'
  title: string
  lines: string[]
}

/** What the 「校验留痕」 result says: intact with N entries, or broken at entry N with each
 * problem in plain words. */
export function describeCheck(check: AuditCheck): VerifyDisplay {
  const count = check.entries.toLocaleString('zh-CN')
  if (check.intact) {
    return { type: 'success', title: `留痕完整：共 ${count} 条记录，哈希链与锚点核对一致`, lines: [] }
  }
  const numbered = check.problems.filter((p) => p.seq !== null).map((p) => p.seq as number)
  const first = numbered.length ? Math.min(...numbered) : null
  const where = first === null ? '' : `，自第 ${first} 条起`
  return {
    type: 'error',
    title: `留痕已被破坏${where}：共 ${count} 条记录，发现 ${check.problems.length} 处问题`,
    lines: check.problems.map((p) => (p.seq === null ? p.message : `第 ${p.seq} 条：${p.message}`)),
  }
}
