/**
 * The builder's steps as the page edits them (one shape per kind, conditions as rows or expert
 * text), the default body of a step added from the palette, and their conversion to and from
 * the document's steps. Pure; must not call the API.
 */
import type { ConditionValue, DocStep, JoinBody } from '@/api/pages/builder'
import { conditionSet, emptyRow, renderSet, rowOf, type ConditionRow } from './conditions'
import { JOIN_KINDS, type JoinKind, type StepKind } from './labels'

export interface ConditionState {
  expert: boolean
  text: string
  rows: ConditionRow[]
  /** The text the rows gave when the expert box was opened (unchanged: the rows come back). */
  seed: string
}

export interface Named {
  name: string
  expr: string
  /** The column's Chinese name (the document's `columns:`). */
  label: string
}

interface Base {
  uid: number
  label: string
}

export type FromStep = Base & { kind: 'from'; input: string }
export type FilterStep = Base & { kind: 'filter'; condition: ConditionState }
export type JoinStep = Base & {
  kind: JoinKind
  input: string
  on: { left: string; right: string }[]
  type: 'inner' | 'left'
  where: ConditionState
}
export type DeriveStep = Base & { kind: 'derive'; items: Named[] }
export type AggregateStep = Base & { kind: 'aggregate'; by: string[]; measures: Named[]; having: ConditionState }
export type AnomalyStep = Base & {
  kind: 'anomaly'
  value: string
  by: string[]
  method: string
  threshold: number
}
export type SelectStep = Base & { kind: 'select'; columns: string[] }
export type StepState = FromStep | FilterStep | JoinStep | DeriveStep | AggregateStep | AnomalyStep | SelectStep

let counter = 0
export const nextUid = (): number => (counter += 1)

export function isJoin(step: StepState): step is JoinStep {
  return (JOIN_KINDS as readonly string[]).includes(step.kind)
}

export function conditionState(value?: ConditionValue, withRow = false): ConditionState {
  if (typeof value === 'string') return { expert: true, text: value, rows: [], seed: '' }
  const rows = value ? value.all.map(rowOf) : withRow ? [emptyRow()] : []
  return { expert: false, text: '', rows, seed: '' }
}

/** What the page knows when a step is added: the inputs and the columns before it. */
export interface NewStepContext {
  inputs: string[]
  /** The input the pipeline starts from, if any. */
  from?: string
  columns: string[]
}

/** The body of a step added from the palette. */
export function newStep(kind: StepKind, context: NewStepContext): StepState {
  const base = { uid: nextUid(), label: '' }
  const other = context.inputs.find((name) => name !== context.from) ?? context.inputs[0] ?? ''
  switch (kind) {
    case 'from':
      return { ...base, kind, input: context.inputs[0] ?? '' }
    case 'filter':
      return { ...base, kind, condition: conditionState(undefined, true) }
    case 'join':
    case 'anti_join':
    case 'semi_join':
      return { ...base, kind, input: other, on: [{ left: '', right: '' }], type: 'inner', where: conditionState() }
    case 'derive':
      return { ...base, kind, items: [{ name: '', expr: '', label: '' }] }
    case 'aggregate':
      return { ...base, kind, by: [], measures: [{ name: 'n', expr: 'count(*)', label: '数量' }], having: conditionState() }
    case 'anomaly':
      return { ...base, kind, value: '', by: [], method: 'zscore', threshold: 3 }
    case 'select':
      return { ...base, kind, columns: [...context.columns] }
  }
}

type Semantics = (column: string) => string | null

/** The document's value of a condition; undefined when an optional one is left empty. */
export function conditionValue(state: ConditionState, semantics: Semantics, optional: boolean): ConditionValue | undefined {
  if (state.expert) return state.text.trim() || (optional ? undefined : '')
  if (!state.rows.length && optional) return undefined
  return conditionSet(state.rows, semantics)
}

function named(items: Named[]): Record<string, string> {
  return Object.fromEntries(items.map((item) => [item.name, item.expr]))
}

/** The step as the document holds it. */
export function stepToDocument(step: StepState, semantics: Semantics): DocStep {
  const label = step.label.trim() ? { label: step.label.trim() } : {}
  switch (step.kind) {
    case 'from':
      return { from: step.input, ...label }
    case 'filter':
      return { filter: conditionValue(step.condition, semantics, false), ...label }
    case 'derive':
      return { derive: named(step.items), ...label }
    case 'aggregate': {
      const having = conditionValue(step.having, semantics, true)
      return { aggregate: { by: [...step.by], measures: named(step.measures), ...(having === undefined ? {} : { having }) }, ...label }
    }
    case 'anomaly':
      return { anomaly: { value: step.value, by: [...step.by], method: step.method, threshold: step.threshold }, ...label }
    case 'select':
      return { select: [...step.columns], ...label }
    default: {
      const body: JoinBody = { input: step.input, on: step.on.map((pair) => [pair.left, pair.right]) }
      if (step.kind === 'join') body.type = step.type
      const where = conditionValue(step.where, semantics, true)
      if (where !== undefined) body.where = where
      return { [step.kind]: body, ...label }
    }
  }
}

/** The kind of a document step (its one key beside `label`). */
export function kindOf(step: DocStep): StepKind | null {
  const keys = Object.keys(step).filter((key) => key !== 'label')
  return (keys[0] as StepKind | undefined) ?? null
}

/** A document step as the page edits it; `labels` gives computed columns' Chinese names. */
export function stepFromDocument(step: DocStep, labels: Record<string, string>): StepState {
  const base = { uid: nextUid(), label: step.label ?? '' }
  const items = (map: Record<string, string> | undefined): Named[] =>
    Object.entries(map ?? {}).map(([name, expr]) => ({ name, expr, label: labels[name] ?? '' }))
  if (step.from !== undefined) return { ...base, kind: 'from', input: step.from }
  if (step.filter !== undefined) return { ...base, kind: 'filter', condition: conditionState(step.filter) }
  if (step.derive) return { ...base, kind: 'derive', items: items(step.derive) }
  if (step.aggregate) {
    const { by, measures, having } = step.aggregate
    return { ...base, kind: 'aggregate', by: [...(by ?? [])], measures: items(measures), having: conditionState(having) }
  }
  if (step.anomaly) return { ...base, kind: 'anomaly', ...step.anomaly, by: [...(step.anomaly.by ?? [])] }
  if (step.select) return { ...base, kind: 'select', columns: [...step.select] }
  for (const kind of JOIN_KINDS) {
    const body = step[kind]
    if (!body) continue
    return {
      ...base,
      kind,
      input: body.input,
      on: (body.on ?? []).map(([left, right]) => ({ left, right })),
      type: body.type ?? 'inner',
      where: conditionState(body.where),
    }
  }
  throw new Error(`无法识别的步骤：${Object.keys(step).join('、')}`)
}

/** Open the expert box with the rows' text; close it back to the rows when the text is the one
 * they gave (else start from one empty row: the text is not turned back into rows here). */
export function toggleExpert(state: ConditionState, semantics: Semantics): void {
  if (!state.expert) {
    state.seed = state.rows.length ? renderSet(conditionSet(state.rows, semantics)) : ''
    state.text = state.text || state.seed
    state.expert = true
    return
  }
  if (state.text.trim() !== state.seed) state.rows = state.text.trim() ? [emptyRow()] : state.rows
  state.text = ''
  state.seed = ''
  state.expert = false
}
