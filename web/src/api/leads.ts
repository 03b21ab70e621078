/**
 * Typed wrappers for leads: the list, one lead (masked or, with a grant, unmasked), its
 * history, records, workflow moves, the sign-offs a risk grade asks (审批, 复核), bulk
 * assignment, supervision actions, feedback, comments, attachments and Word drafts. Owns these calls and their types; pages own what they show.
 */
import { api, type Page, type Query } from '@/api/client'

export const STATES: Record<string, string> = {
  new: '新线索',
  assigned: '已分派',
  verifying: '核查中',
  rejected: '核查不属实',
  confirmed: '核查属实',
  case_opened: '已成案',
  actions_issued: '已制发监督文书',
  feedback_received: '已收到整改反馈',
  closed: '已办结',
}

export const REJECTION_REASONS: Record<string, string> = {
  data_error: '数据错误',
  already_handled: '已处理',
  not_a_violation: '不构成违法',
  outside_jurisdiction: '不属本院管辖',
  duplicate: '重复线索',
}

export const ACTION_KINDS: Record<string, string> = {
  suggestion: '检察建议',
  correction_notice: '纠正违法通知书',
  supervise_filing: '监督立案',
  supervise_withdrawal: '监督撤案',
  public_interest_case: '公益诉讼立案',
  protest: '抗诉',
  referral: '线索移送',
}

export const FEEDBACK_OUTCOMES: Record<string, string> = {
  rectified: '已整改',
  partially: '部分整改',
  in_progress: '整改中',
  refused: '拒不整改',
}

export const DRAFT_KINDS: Record<string, string> = {
  suggestion: '检察建议书',
  correction_notice: '纠正违法通知书',
}

/** One row an explanation step refers to: its input, dataset (and version), row number and,
 * when read through /steps/{step}/rows, its values (masked) under the dataset's column names. */
export interface SourceRow {
  input?: string
  label?: string
  dataset?: string
  version?: number | string
  row?: number | null
  values?: Record<string, unknown>
  columns?: Record<string, string>
}

export interface StepRows {
  step: number
  text: string
  rows: SourceRow[]
}

/** A move as GET /api/leads/{id} lists it in `allowed_moves`. */
export interface ApiMove {
  to: string
  label?: string
  needs_reason?: boolean
  needs_note?: boolean
  needs_assignee?: boolean
  reasons?: Array<{ code: string; label: string }>
}

/** A sign-off kind (approval: 院领导审批; second_verification: 第二人核查). */
export interface SignoffKind {
  kind: string
  label: string
}

/** One sign-off given: who, when, with what opinion; `counts` false when the rules between
 * people leave it out (e.g. an approval by a verifier of a high lead). */
export interface SignoffDone extends SignoffKind {
  user: string
  at: string | null
  opinion: string
  counts: boolean
}

/** What the model's risk grade asks before the lead may become a case (成案). */
export interface Signoffs {
  risk: string
  risk_label: string
  required: SignoffKind[]
  done: SignoffDone[]
  missing: SignoffKind[]
  first_verifier: string | null
}

export interface ExplanationTechnical {
  condition?: string
  parameters?: Record<string, unknown>
  sql?: string | null
  spec_step?: unknown
}

/** One step of why the lead was hit: a plain Chinese sentence and its technical detail. */
export interface ExplanationStep {
  step: number
  kind: string
  text: string
  label?: string
  labelled?: boolean
  values?: Record<string, unknown>
  row?: number | null
  rows?: SourceRow[]
  condition?: string
  parameters?: Record<string, unknown>
  technical?: ExplanationTechnical
}

export interface Lead {
  id: number
  model: string
  /** The office whose adoption of the model found the lead (several may adopt one model). */
  model_org?: string | null
  model_name?: string
  subject_type: string
  subject_key: string
  subject_name: string | null
  title: string
  status: string
  status_label?: string
  assignee: string | null
  hit: boolean
  jurisdiction: string | null
  org: string | null
  amount: string | null
  evidence: Record<string, unknown>
  /** Column → the dataset's own Chinese column name, when the API gives it. */
  evidence_labels?: Record<string, string>
  explanation: ExplanationStep[]
  /** Technical detail of the whole lead (SQL, spec), when the API gives it. */
  technical?: { sql?: string; spec?: string }
  allowed_moves?: Array<string | ApiMove>
  allowed_actions?: Array<{ kind: string; label: string }>
  /** The sign-offs the current user could give now (审批, 复核). */
  allowed_signoffs?: SignoffKind[]
  /** The risk grade and its sign-offs: required, done, missing. */
  signoffs?: Signoffs
  fingerprint: string
  masked: boolean
  grants?: unknown[]
  created_at?: string
  updated_at?: string
}

export interface LeadEvent {
  id: number
  lead_id: number
  from: string
  to: string
  to_label: string
  user: string
  at: string
  reason: string | null
  reason_label: string | null
  assignee: string | null
  note: string
  /** `move` (a workflow step) or `signoff` (审批 or 复核: `signoff` its kind, `note` the opinion). */
  kind?: 'move' | 'signoff'
  signoff?: string | null
}

export interface SignoffForm {
  kind: string
  opinion: string
}

export interface Feedback {
  id: number
  action_id: number
  received_on: string
  outcome: string
  outcome_label: string
  content: string
  recovered_amount: string
  persons_affected: number
  rules_made: number
}

export interface Action {
  id: number
  lead_id: number
  kind: string
  kind_label: string
  document_no: string
  issued_on: string
  receiver: string
  content: string
  created_by: string
  feedback: Feedback[]
}

export interface Comment {
  id: number
  user: string
  at: string
  text: string
}

export interface Attachment {
  id: number
  filename: string
  size: number
  sha256: string
}

export interface Records {
  actions: Action[]
  comments: Comment[]
  attachments: Attachment[]
  /** Source rows behind the explanation (masked), when the API gives them. */
  rows?: SourceRow[]
}

export interface MoveForm {
  to: string
  note?: string
  reason?: string | null
  assignee?: string | null
}

export interface ActionForm {
  kind: string
  document_no: string
  issued_on: string
  receiver: string
  content: string
}

export interface FeedbackForm {
  received_on: string
  outcome: string
  content: string
  recovered_amount: string | number
  persons_affected: number
  rules_made: number
}

export interface LeadFilters extends Query {
  model?: string
  status?: string
  assignee?: string
  org?: string
  q?: string
}

export const listLeads = (query: Query) => api.get<Page<Lead>>('/leads', query)
export const getLead = (id: number) => api.get<Lead>(`/leads/${id}`)
export const getUnmasked = (id: number, reason?: string) =>
  api.get<Lead>(`/leads/${id}/unmasked`, { reason })
export const leadHistory = (id: number) => api.get<LeadEvent[]>(`/leads/${id}/history`)
export const stepRows = (id: number, step: number) =>
  api.get<StepRows>(`/leads/${id}/steps/${step}/rows`)
export const leadRecords = (id: number) => api.get<Records>(`/leads/${id}/records`)
export const moveLead = (id: number, form: MoveForm) => api.post<LeadEvent>(`/leads/${id}/moves`, form)
export const signOff = (id: number, form: SignoffForm) =>
  api.post<SignoffDone & { signoffs: Signoffs }>(`/leads/${id}/signoffs`, form)
export const assignLeads = (leadIds: number[], assignee: string, note = '') =>
  api.post<Lead[]>('/leads/assign', { lead_ids: leadIds, assignee, note })
export const issueAction = (id: number, form: ActionForm) =>
  api.post<Action>(`/leads/${id}/actions`, form)
export const recordFeedback = (actionId: number, form: FeedbackForm) =>
  api.post<Feedback>(`/actions/${actionId}/feedback`, form)
export const addComment = (id: number, text: string) =>
  api.post<Comment>(`/leads/${id}/comments`, { text })
export function uploadAttachment(id: number, file: File): Promise<Attachment> {
  const form = new FormData()
  form.append('file', file)
  return api.upload<Attachment>(`/leads/${id}/attachments`, form)
}
export const downloadAttachment = (id: number, attachment: Attachment) =>
  api.download(`/leads/${id}/attachments/${attachment.id}`, undefined, attachment.filename)
export const downloadDraft = (id: number, kind: string) =>
  api.download(`/leads/${id}/draft`, { kind }, `线索${id}-${DRAFT_KINDS[kind] ?? kind}.docx`)

/** Models for the filter (slug and name); any signed-in user with models.read. */
export interface ModelSummary {
  slug?: string
  id?: string
  name: string
}
export const listModels = () => api.get<ModelSummary[]>('/models')

/** What the lead page needs of a model: its name and how its inputs are bound to datasets. */
export interface ModelBindings {
  id: string
  name: string
  bindings?: Record<string, { dataset: string; fields: Record<string, string> }>
}
export const getModel = (slug: string, org?: string | null) =>
  api.get<ModelBindings>(`/models/${encodeURIComponent(slug)}`, org ? { org } : undefined)

export interface OrgSummary {
  code: string
  name: string
  level?: string
}
export const listOrgs = () => api.get<OrgSummary[]>('/orgs')
