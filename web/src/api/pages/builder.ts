/**
 * Typed wrappers of the no-code model builder's routes (模型构建器, /api/builder): the catalogue
 * datasets a model may read, an installed model opened for editing, a YAML text opened, the
 * document composed as one types (YAML, SQL, problems, columns after each step), a preview over
 * the bound datasets, and saving. Also the builder document's types (the spec v1 document with
 * conditions as `{all: [...]}`). Must not hold page state.
 */
import { api } from '@/api/client'

export type Op =
  | '='
  | '!='
  | '>'
  | '>='
  | '<'
  | '<='
  | 'in'
  | 'not_in'
  | 'contains'
  | 'not_contains'
  | 'is_null'
  | 'not_null'
  | 'is_true'
  | 'is_false'
  | 'between'

export type Literal = string | number | boolean | string[]

export type Operand =
  | { value: Literal }
  | { param: string }
  | { column: string }
  | { days_before_today: { param: string } | { value: number } }
  | { range: [Operand, Operand] }

export interface Condition {
  column: string
  op: Op
  right?: Operand
}

export interface ConditionSet {
  all: Condition[]
}

/** A condition as the document holds it: decomposed, or expression text (专家表达式). */
export type ConditionValue = string | ConditionSet

export interface JoinBody {
  input: string
  on: [string, string][]
  type?: 'inner' | 'left'
  where?: ConditionValue
}

export interface AggregateBody {
  by?: string[]
  measures: Record<string, string>
  having?: ConditionValue
}

export interface AnomalyBody {
  value: string
  by?: string[]
  method: string
  threshold: number
}

export interface DocStep {
  label?: string
  from?: string
  filter?: ConditionValue
  join?: JoinBody
  anti_join?: JoinBody
  semi_join?: JoinBody
  derive?: Record<string, string>
  aggregate?: AggregateBody
  anomaly?: AnomalyBody
  select?: string[]
}

export interface DocParameter {
  type: string
  default: unknown
  label?: string
}

export interface DocInput {
  label?: string
  fields: Record<string, string>
}

export interface DocLead {
  subject: { type: string; key: string; name?: string }
  title: string
  evidence: string[]
  jurisdiction?: string | null
  amount?: string | null
}

export interface BuilderDocument {
  spec: number
  id: string
  version: string
  name: string
  area: string
  line: string
  kind: string
  risk: string
  description?: string
  legal_basis?: string[]
  parameters?: Record<string, DocParameter>
  inputs: Record<string, DocInput>
  steps: DocStep[]
  columns?: Record<string, string>
  lead: DocLead
  run_on_import?: boolean
}

/** input → the dataset it reads and, per field, the dataset's column. */
export type Bindings = Record<string, { dataset: string; fields: Record<string, string> }>

export interface Problem {
  path: string
  message: string
  part?: string
  line?: number
  column?: number
}

export interface ColumnInfo {
  name: string
  semantic: string | null
  label?: string
}

export interface ComposedStep {
  index: number
  kind: string
  label: string
  columns: ColumnInfo[]
}

export interface Composed {
  yaml: string
  sql: string
  valid: boolean
  problems: Problem[]
  steps: ComposedStep[]
  inputs: Record<string, ColumnInfo[]>
}

export interface DatasetField {
  name: string
  semantic: string
  type: string
}

export interface BuilderDataset {
  name: string
  label?: string
  rows: number
  version: number
  classification: string
  granted: boolean
  fields: DatasetField[]
}

export interface OpenedModel {
  document: BuilderDocument
  yaml: string
  bindings: Bindings
  org: string | null
  version: string
}

export type OpenedYaml = { document: BuilderDocument } | { valid: false; problems: Problem[] }

export interface Explanation {
  text: string
}

export interface SampleLead {
  title: string
  subject_name: string | null
  subject_key: string | null
  explanation: Explanation[]
}

export interface Preview {
  steps: { index: number; kind: string; label: string; rows: number }[]
  rows_at: { step: number; columns: (string | ColumnInfo)[]; rows: unknown[][] } | null
  leads: { count: number; samples: SampleLead[] }
  sampled: boolean
  sample_note: string
  seconds: number
  datasets: Record<string, { dataset: string; version: number; rows: number }>
}

export interface Saved {
  slug: string
  version: string
  version_sha256: string
  upgraded_from: string | null
  diff: string
  adoption_id: number | null
  /** Saved as it was (or with only its bindings changed): no new version. */
  unchanged: boolean
  /** The version number typed, when it was raised because it was not above the current one. */
  bumped_from: string | null
}

export function builderDatasets(): Promise<BuilderDataset[]> {
  return api.get<BuilderDataset[]>('/builder/datasets')
}

export function openModel(slug: string, org?: string | null): Promise<OpenedModel> {
  return api.get<OpenedModel>(`/builder/models/${encodeURIComponent(slug)}`, org ? { org } : {})
}

export function openYaml(yaml: string): Promise<OpenedYaml> {
  return api.post<OpenedYaml>('/builder/open', { yaml })
}

export function compose(document: BuilderDocument, bindings: Bindings): Promise<Composed> {
  return api.post<Composed>('/builder/compose', { document, bindings })
}

export function preview(
  document: BuilderDocument,
  bindings: Bindings,
  step: number | null = null,
  limit = 20,
): Promise<Preview> {
  return api.post<Preview>('/builder/preview', { document, bindings, step, limit })
}

export function saveModel(
  document: BuilderDocument,
  bindings: Bindings,
  changelog: string,
  org: string | null,
): Promise<Saved> {
  return api.post<Saved>('/builder/save', { document, bindings, changelog, org })
}
