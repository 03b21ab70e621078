/**
 * Typed wrappers of the modelling centre's routes (建模中心): installed models (paged list and
 * detail with description, legal basis, risk, parameters, bindings, spec and last runs), the SQL
 * a run executes, and a run started as a background job. Must not hold page state.
 */
import { api, type Page, type Query } from '@/api/client'
import type { Job } from './jobs'
import { paged } from './paging'

export const AREA_LABELS: Record<string, string> = {
  criminal: '刑事检察',
  civil: '民事检察',
  administrative: '行政检察',
  public_interest: '公益诉讼检察',
}

export const LINE_LABELS: Record<string, string> = {
  ordinary_crime: '普通犯罪检察',
  serious_crime: '重大犯罪检察',
  duty_crime: '职务犯罪检察',
  economic_crime: '经济犯罪检察',
  criminal_execution: '刑事执行检察',
  civil: '民事检察',
  administrative: '行政检察',
  public_interest: '公益诉讼检察',
  juvenile: '未成年人检察',
  petition: '控告申诉检察',
}

export const KIND_LABELS: Record<string, string> = {
  collision: '碰撞',
  mining: '挖掘',
  profile: '画像',
}

export const RISK_LABELS: Record<string, string> = {
  none: '无风险',
  low: '低风险',
  medium: '中风险',
  high: '高风险',
}

export type ParameterType = 'integer' | 'number' | 'text' | 'date' | 'boolean' | 'list'

export interface ParameterDef {
  name: string
  type: ParameterType
  type_label?: string
  label?: string | null
  default: unknown
  /** Allowed values (a boolean's true/false), or null for any value of the type. */
  choices?: unknown[] | null
  multiple?: boolean
  required?: boolean
}

export interface LastRun {
  run_id: number
  started_at: string
  finished_at?: string | null
  status: string
  status_label?: string
  leads: number | null
  new: number | null
}

export interface ModelRow {
  id: string
  name: string
  version: string
  area: string
  area_label?: string
  line: string
  line_label?: string
  kind: string
  kind_label?: string
  risk: string
  risk_label?: string
  description?: string
  legal_basis?: string[]
  /** The adopting office (code, name): several offices may adopt one model, each its own row. */
  org: string | null
  org_name?: string | null
  installed_at: string
  installed_by: string | null
  datasets: Record<string, string>
  leads: number
  leads_hit: number
  last_runs?: LastRun[]
}

export interface Binding {
  dataset: string
  fields: Record<string, string>
  label?: string
}

export interface InputField {
  field: string
  type: string
  column: string
}

export interface ModelInput {
  input: string
  label: string | null
  dataset: string | null
  fields: InputField[]
}

export interface ModelDetail extends ModelRow {
  spec: string
  bindings: Record<string, Binding>
  parameters?: ParameterDef[] | Record<string, Omit<ParameterDef, 'name'>>
  inputs?: ModelInput[]
}

/** Installed models, paged, filtered and sorted by the server: `q`, `area`, `line`, `risk`,
 * `kind`, page, size, sort. */
export function listModels(query: Query): Promise<Page<ModelRow>> {
  return api.get<Page<ModelRow>>('/models', paged(query))
}

/** The query naming which office's adoption is meant (none: the only one, or the user's own). */
const adoption = (org?: string | null): Query => (org ? { org } : {})

export function getModel(slug: string, org?: string | null): Promise<ModelDetail> {
  return api.get<ModelDetail>(`/models/${encodeURIComponent(slug)}`, adoption(org))
}

/** The parameter definitions of a model as a list, whichever shape the API sent. */
export function parameterList(model: ModelDetail): ParameterDef[] {
  const given = model.parameters
  if (!given) return []
  if (Array.isArray(given)) return given
  return Object.entries(given).map(([name, def]) => ({ name, ...def }))
}

export function getModelSql(
  slug: string,
  engine = 'duckdb',
  org?: string | null,
): Promise<{ model: string; engine: string; sql: string }> {
  return api.get(`/models/${encodeURIComponent(slug)}/sql`, { engine, ...adoption(org) })
}

export interface RunRow {
  run_id: number
  model: string
  status: string
  user: string | null
  engine: string
  started_at: string
  seconds: number | null
  run_date?: string
  leads: number | null
  new: number | null
  seen_again: number | null
  no_longer_hit: number | null
  error: string | null
}

export function listRuns(model: string, limit = 10): Promise<RunRow[]> {
  return api.get<RunRow[]>('/runs', { model, limit })
}

export function startRun(
  model: string,
  parameters: Record<string, string | boolean | string[]>,
  engine = 'duckdb',
  org?: string | null,
): Promise<Job> {
  return api.post<Job>('/jobs/runs', { model, parameters, engine }, adoption(org))
}
