/**
 * The builder's field keys — the dotted paths at which the page shows problems (a problem goes
 * to the longest key that prefixes its path, see problems.ts) — and the problems the page finds
 * itself before the server sees the document (a value that is not of its column's type, a
 * parameter default that does not parse, a missing name or binding). Pure; must not call the API.
 */
import type { Problem } from '@/api/pages/builder'
import { rowError } from './conditions'
import { IDENTIFIER } from './compatible'
import { defaultError, type BuilderState, type SemanticsAt } from './document'
import { isJoin, type StepState } from './steps'

export const INFO_KEYS = ['id', 'name', 'version', 'area', 'line', 'kind', 'risk', 'description', 'legal_basis']
export const LEAD_KEYS = [
  'lead',
  'lead.subject',
  'lead.subject.type',
  'lead.subject.key',
  'lead.subject.name',
  'lead.title',
  'lead.evidence',
  'lead.jurisdiction',
  'lead.amount',
]

/** Where a step holds its condition rows (filter, join where, aggregate having), if anywhere. */
export function conditionBase(step: StepState, index: number): string | null {
  if (step.kind === 'filter') return `steps.${index}.filter`
  if (isJoin(step)) return `steps.${index}.${step.kind}.where`
  if (step.kind === 'aggregate') return `steps.${index}.aggregate.having`
  return null
}

function stepKeys(step: StepState, index: number): string[] {
  const at = `steps.${index}`
  const keys = [at, `${at}.label`]
  const base = conditionBase(step, index)
  if (base) {
    keys.push(base)
    const rows = step.kind === 'filter' ? step.condition : isJoin(step) ? step.where : step.kind === 'aggregate' ? step.having : null
    if (rows && !rows.expert) rows.rows.forEach((_row, k) => keys.push(`${base}.all.${k}`))
  }
  switch (step.kind) {
    case 'from':
      keys.push(`${at}.from`)
      break
    case 'filter':
      break
    case 'derive':
      keys.push(`${at}.derive`, ...step.items.map((item) => `${at}.derive.${item.name}`))
      break
    case 'aggregate':
      keys.push(`${at}.aggregate.by`, `${at}.aggregate.measures`, ...step.measures.map((m) => `${at}.aggregate.measures.${m.name}`))
      break
    case 'anomaly':
      keys.push(...['value', 'by', 'method', 'threshold'].map((part) => `${at}.anomaly.${part}`))
      break
    case 'select':
      keys.push(`${at}.select`)
      break
    default:
      keys.push(`${at}.${step.kind}.input`, `${at}.${step.kind}.on`, ...step.on.map((_pair, k) => `${at}.${step.kind}.on.${k}`))
  }
  return keys
}

/** Every key the page shows problems at, for this state. */
export function fieldKeys(state: BuilderState): string[] {
  const keys = [...INFO_KEYS, 'parameters', 'inputs', 'steps', ...LEAD_KEYS]
  for (const row of state.parameters) if (row.name) keys.push(`parameters.${row.name}`)
  for (const input of state.inputs) {
    if (!input.name) continue
    keys.push(`inputs.${input.name}`, `inputs.${input.name}.label`, `inputs.${input.name}.dataset`, `inputs.${input.name}.fields`)
    for (const row of input.fields) keys.push(`inputs.${input.name}.fields.${row.field}`)
  }
  state.steps.forEach((step, index) => keys.push(...stepKeys(step, index)))
  return keys
}

function duplicates(names: string[]): Set<string> {
  return new Set(names.filter((name, index) => name && names.indexOf(name) !== index))
}

/** What the page itself finds wrong, at the paths the server would use. */
export function localProblems(state: BuilderState, semanticsAt: SemanticsAt = () => null): Problem[] {
  const problems: Problem[] = []
  const add = (path: string, message: string): void => void problems.push({ path, message, part: '' })
  const paramDupes = duplicates(state.parameters.map((row) => row.name))
  state.parameters.forEach((row, i) => {
    if (!row.name) add('parameters', `第 ${i + 1} 个参数没有名称`)
    else if (!IDENTIFIER.test(row.name)) add(`parameters.${row.name}`, '参数名只能用英文字母、数字和下划线，且不以数字开头')
    else if (paramDupes.has(row.name)) add(`parameters.${row.name}`, `参数名 ${row.name} 重复`)
    const error = defaultError(row)
    if (row.name && error) add(`parameters.${row.name}.default`, error)
  })
  const inputDupes = duplicates(state.inputs.map((input) => input.name))
  state.inputs.forEach((input, i) => {
    if (!input.name) return add('inputs', `第 ${i + 1} 个输入没有名称`)
    const at = `inputs.${input.name}`
    if (!IDENTIFIER.test(input.name)) add(at, '输入名只能用英文字母、数字和下划线，且不以数字开头')
    else if (inputDupes.has(input.name)) add(at, `输入名 ${input.name} 重复`)
    if (!input.fields.length) add(`${at}.fields`, input.fixed ? '该输入没有字段' : '请勾选要使用的列')
    const fieldDupes = duplicates(input.fields.map((row) => row.field))
    for (const row of input.fields) {
      const path = `${at}.fields.${row.field}`
      if (!IDENTIFIER.test(row.field)) add(`${at}.fields`, `字段名「${row.field}」只能用英文字母、数字和下划线，且不以数字开头`)
      else if (fieldDupes.has(row.field)) add(path, `字段名 ${row.field} 重复`)
    }
  })
  state.steps.forEach((step, index) => {
    const base = conditionBase(step, index)
    const holder = step.kind === 'filter' ? step.condition : isJoin(step) ? step.where : step.kind === 'aggregate' ? step.having : null
    if (!base || !holder || holder.expert) return
    holder.rows.forEach((row, k) => {
      const error = rowError(row, semanticsAt(index, row.column))
      if (error) add(`${base}.all.${k}`, error)
    })
  })
  return problems
}
