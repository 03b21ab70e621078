/**
 * Typed wrappers of the marketplace's publication routes (模型超市 · 上架流程): the review queue,
 * the model card, versions and their diff, submitting (征集) and deciding a review step
 * (multipart, with attachments), and downloading an attachment. Must not hold page state.
 */
import { api } from '@/api/client'

export type ReviewStep = 'data_checked' | 'rules_reviewed' | 'cross_validated' | 'published'
export type Step = 'submitted' | ReviewStep

export interface Office {
  code: string
  name: string
}

export interface Attachment {
  name: string
  sha256: string
  bytes: number
}

export interface Similar {
  slug: string
  name: string
  state: string
  score: number
  inputs_score: number
  checks_score: number
  near: boolean
}

export interface Decision {
  id: number
  step: Step
  step_label: string
  decision: 'approved' | 'refused'
  decision_label: string
  opinion: string
  attachments: Attachment[]
  figures: Record<string, unknown>
  version: string | null
  decided_by: string
  decided_at: string
}

export interface VersionRow {
  id: number
  version: string
  sha256: string
  changelog: string
  created_at: string
  created_by: string
  current: boolean
  adoptions: number
}

export interface CardField {
  field: string
  semantic: string
  semantic_label: string
  column: string | null
  classification: string | null
  classification_label: string | null
}

export interface DataElement {
  input: string
  label: string
  dataset: string | null
  classification: string | null
  classification_label: string | null
  fields: CardField[]
}

export interface OfficeFigures {
  office: Office | null
  runs: number
  leads: number
  confirmed: number
  rejected: number
  verified: number
  precision: number | null
}

export interface Figures {
  offices?: OfficeFigures[]
  adopted_by?: number
  runs?: number
  leads?: number
  confirmed?: number
  rejected?: number
  verified?: number
  precision?: number | null
}

export interface ModelCard {
  slug: string
  name: string
  description: string
  area_label: string
  line_label: string
  kind_label: string
  risk: string
  risk_label: string
  state: string
  state_label: string
  next_step: Step | null
  next_step_label: string | null
  next_step_permission: string | null
  author_org: Office | null
  authors: string[]
  credit: string
  background: string
  innovation: string
  scope: string
  legal_basis: string[]
  rules: { step: number; kind: string; text: string }[]
  data: DataElement[]
  version: { id: number; version: string; sha256: string }
  versions: VersionRow[]
  decisions: Decision[]
  returned: { step: Step; step_label: string; reason: string } | null
  similar: Similar[]
  figures: Figures
  submitted_at: string | null
  published_at: string | null
}

export interface QueueRow {
  slug: string
  name: string
  risk: string
  state: string
  state_label: string
  step: Step
  step_label: string
  permission: string
  author_org: Office | null
  authors: string[]
  version: string | null
  submitted_at: string | null
  submitted_by: string | null
  flagged: string[]
  reason: string | null
}

export interface SubmissionForm {
  authors: string[]
  background: string
  innovation: string
  scope: string
  note?: string
}

export interface DecisionResult {
  model: string
  state: string
  state_label: string
  step: ReviewStep
  step_label: string
  approved: boolean
  problems: string[]
  attachments: Attachment[]
}

const base = (slug: string): string => `/market/models/${encodeURIComponent(slug)}`

export function reviewQueue(): Promise<QueueRow[]> {
  return api.get<QueueRow[]>('/market/queue')
}

export function modelCard(slug: string): Promise<ModelCard> {
  return api.get<ModelCard>(`${base(slug)}/card`)
}

export function submitModel(slug: string, form: SubmissionForm): Promise<{ state: string }> {
  return api.post<{ state: string }>(`${base(slug)}/submission`, form)
}

/** One decision: the step, approved or refused, the opinion and the files (multipart). */
export function decideStep(
  slug: string,
  step: ReviewStep,
  approve: boolean,
  opinion: string,
  files: File[],
): Promise<DecisionResult> {
  const form = new FormData()
  form.append('step', step)
  form.append('decision', approve ? 'approved' : 'refused')
  form.append('opinion', opinion)
  for (const file of files) form.append('files', file, file.name)
  return api.upload<DecisionResult>(`${base(slug)}/decisions`, form)
}

export function downloadAttachment(slug: string, file: Attachment): Promise<string> {
  return api.download(`${base(slug)}/attachments/${file.sha256}`, undefined, file.name)
}
