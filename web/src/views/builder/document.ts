/**
 * The builder's state (basic info, parameter rows, inputs with their dataset binding, steps, the
 * lead) and its conversion to and from the builder document and its bindings. Pure; must not
 * call the API.
 */
import type { Bindings, BuilderDocument, DocParameter } from '@/api/pages/builder'
import { splitList } from './conditions'
import { stepFromDocument, stepToDocument, type StepState } from './steps'

export interface ParamRow {
  name: string
  type: string
  /** As typed (a list: items separated by 、). */
  default: string
  label: string
}

export interface FieldRow {
  field: string
  semantic: string
  /** The dataset's column feeding the field ('' while unbound). */
  column: string
}

export interface InputState {
  uid: number
  name: string
  label: string
  dataset: string
  /** Fields fixed by the spec (a template or an installed model): each is bound to a column;
   * otherwise the dataset's columns are ticked and each becomes a field. */
  fixed: boolean
  fields: FieldRow[]
}

export interface LeadState {
  type: string
  key: string
  name: string
  title: string
  evidence: string[]
  jurisdiction: string
  amount: string
}

export interface BuilderState {
  info: {
    id: string
    version: string
    name: string
    area: string
    line: string
    kind: string
    risk: string
    description: string
    /** One legal basis per line. */
    legalBasis: string
  }
  parameters: ParamRow[]
  inputs: InputState[]
  steps: StepState[]
  lead: LeadState
  /** Chinese names of columns that no derive or measure item carries. */
  columns: Record<string, string>
  runOnImport: boolean | null
}

let inputs = 0
export const nextInputUid = (): number => (inputs += 1)

export function blankState(): BuilderState {
  return {
    info: { id: '', version: '1.0.0', name: '', area: '', line: '', kind: '', risk: '', description: '', legalBasis: '' },
    parameters: [],
    inputs: [],
    steps: [],
    lead: { type: 'person', key: '', name: '', title: '', evidence: [], jurisdiction: '', amount: '' },
    columns: {},
    runOnImport: null,
  }
}

/** A parameter default typed as its type says; the text itself when it does not parse. */
export function defaultValue(type: string, text: string): unknown {
  const typed = text.trim()
  if (type === 'list') return splitList(typed)
  if (type === 'boolean') return typed === 'true' ? true : typed === 'false' ? false : typed
  if ((type === 'integer' || type === 'number') && typed !== '' && Number.isFinite(Number(typed))) return Number(typed)
  return typed
}

export function defaultText(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join('、')
  if (value === null || value === undefined) return ''
  return String(value)
}

/** The reason a parameter's default does not fit its type, or null. */
export function defaultError(row: ParamRow): string | null {
  const typed = row.default.trim()
  if (row.type === 'list') return splitList(typed).length ? null : '请填写默认值（多个值用顿号分隔）'
  if (!typed) return '请填写默认值'
  if (row.type === 'integer' && !/^-?\d+$/.test(typed)) return '默认值应为整数'
  if (row.type === 'number' && !Number.isFinite(Number(typed))) return '默认值应为数字'
  if (row.type === 'boolean' && typed !== 'true' && typed !== 'false') return '默认值应为“是”或“否”'
  if (row.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(typed)) return '默认值应写作 YYYY-MM-DD'
  return null
}

/** The semantic type of a column as step `index` sees it (from the last compose), or null. */
export type SemanticsAt = (index: number, column: string) => string | null

/** The builder document of the state; condition values typed by `semanticsAt`. */
export function toDocument(state: BuilderState, semanticsAt: SemanticsAt = () => null): BuilderDocument {
  const { info, lead } = state
  const legal = info.legalBasis.split('\n').map((line) => line.trim()).filter(Boolean)
  const columns: Record<string, string> = { ...state.columns }
  for (const step of state.steps) {
    const items = step.kind === 'derive' ? step.items : step.kind === 'aggregate' ? step.measures : []
    for (const item of items) if (item.name && item.label.trim()) columns[item.name] = item.label.trim()
  }
  const parameters: Record<string, DocParameter> = {}
  for (const row of state.parameters) {
    parameters[row.name] = { type: row.type, default: defaultValue(row.type, row.default), ...(row.label.trim() ? { label: row.label.trim() } : {}) }
  }
  const document: BuilderDocument = {
    spec: 1,
    id: info.id.trim(),
    version: info.version.trim(),
    name: info.name.trim(),
    area: info.area,
    line: info.line,
    kind: info.kind,
    risk: info.risk,
    ...(info.description.trim() ? { description: info.description.trim() } : {}),
    ...(legal.length ? { legal_basis: legal } : {}),
    parameters,
    inputs: Object.fromEntries(
      state.inputs.map((input) => [
        input.name,
        {
          ...(input.label.trim() ? { label: input.label.trim() } : {}),
          fields: Object.fromEntries(input.fields.map((row) => [row.field, row.semantic])),
        },
      ]),
    ),
    steps: state.steps.map((step, index) => stepToDocument(step, (column) => semanticsAt(index, column))),
    ...(Object.keys(columns).length ? { columns } : {}),
    lead: {
      subject: { type: lead.type, key: lead.key, ...(lead.name ? { name: lead.name } : {}) },
      title: lead.title,
      evidence: [...lead.evidence],
      jurisdiction: lead.jurisdiction || null,
      amount: lead.amount.trim() || null,
    },
  }
  if (state.runOnImport !== null) document.run_on_import = state.runOnImport
  return document
}

/** Each input bound to a dataset: its dataset and, per field, the column. */
export function toBindings(state: BuilderState): Bindings {
  const bindings: Bindings = {}
  for (const input of state.inputs) {
    if (!input.dataset) continue
    const fields = Object.fromEntries(input.fields.filter((row) => row.column).map((row) => [row.field, row.column]))
    bindings[input.name] = { dataset: input.dataset, fields }
  }
  return bindings
}

/** A document (and the bindings of an installed model) as the page edits it; its inputs keep
 * their fields (fixed), each bound to the column the bindings name. */
export function fromDocument(document: BuilderDocument, bindings: Bindings = {}): BuilderState {
  const state = blankState()
  state.info = {
    id: document.id ?? '',
    version: document.version ?? '',
    name: document.name ?? '',
    area: document.area ?? '',
    line: document.line ?? '',
    kind: document.kind ?? '',
    risk: document.risk ?? '',
    description: document.description ?? '',
    legalBasis: (document.legal_basis ?? []).join('\n'),
  }
  state.parameters = Object.entries(document.parameters ?? {}).map(([name, def]) => ({
    name,
    type: def.type,
    default: defaultText(def.default),
    label: def.label ?? '',
  }))
  state.inputs = Object.entries(document.inputs ?? {}).map(([name, input]) => {
    const bound = bindings[name]
    return {
      uid: nextInputUid(),
      name,
      label: input.label ?? '',
      dataset: bound?.dataset ?? '',
      fixed: true,
      fields: Object.entries(input.fields ?? {}).map(([field, semantic]) => ({
        field,
        semantic,
        column: bound?.fields?.[field] ?? '',
      })),
    }
  })
  const labels = { ...(document.columns ?? {}) }
  state.steps = (document.steps ?? []).map((step) => stepFromDocument(step, labels))
  const claimed = new Set(
    state.steps.flatMap((step) => (step.kind === 'derive' ? step.items : step.kind === 'aggregate' ? step.measures : []).map((item) => item.name)),
  )
  state.columns = Object.fromEntries(Object.entries(labels).filter(([name]) => !claimed.has(name)))
  const lead = document.lead
  state.lead = {
    type: lead?.subject?.type ?? 'person',
    key: lead?.subject?.key ?? '',
    name: lead?.subject?.name ?? '',
    title: lead?.title ?? '',
    evidence: [...(lead?.evidence ?? [])],
    jurisdiction: lead?.jurisdiction ?? '',
    amount: lead?.amount ?? '',
  }
  state.runOnImport = typeof document.run_on_import === 'boolean' ? document.run_on_import : null
  return state
}

/** Insert a snippet at a caret position; the new text and the caret after the snippet. */
export function insertAt(text: string, position: number | null | undefined, snippet: string): { text: string; caret: number } {
  const at = position === null || position === undefined || position < 0 || position > text.length ? text.length : position
  return { text: text.slice(0, at) + snippet + text.slice(at), caret: at + snippet.length }
}
