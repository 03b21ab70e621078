/**
 * The run form of a model, generated from its parameter definitions: initial values from the
 * defaults, validation by type (integer, number, text, date, boolean, list; allowed values when
 * the model lists them), Element Plus rules, and the `parameters` object a run job is sent.
 * Pure functions, unit-tested; must not call the API (the server validates again and its
 * message is shown if it refuses).
 */
import type { FormItemRule } from 'element-plus'
import type { ParameterDef } from '@/api/pages/models'

export type ParamValue = string | boolean | string[]
export type ParamValues = Record<string, ParamValue>

export const TYPE_LABELS: Record<string, string> = {
  integer: '整数',
  number: '数字',
  text: '文本',
  date: '日期',
  boolean: '是/否',
  list: '文本列表',
}

/** Longest value the run route takes for one parameter. */
export const MAX_VALUE_LENGTH = 200
const INTEGER_LIMIT = 2n ** 63n

function asText(value: unknown): string {
  if (value === null || value === undefined) return ''
  return String(value)
}

/** A parameter's default as the form edits it. */
export function initialValue(def: ParameterDef): ParamValue {
  const value = def.default
  switch (def.type) {
    case 'boolean':
      return value === true || ['true', '1', 'yes', '是'].includes(asText(value).toLowerCase())
    case 'list':
      if (Array.isArray(value)) return value.map(asText)
      return asText(value)
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    case 'date':
      return asText(value).slice(0, 10)
    default:
      return asText(value)
  }
}

export function initialValues(defs: ParameterDef[]): ParamValues {
  return Object.fromEntries(defs.map((def) => [def.name, initialValue(def)]))
}

function validDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

function checkInteger(text: string): string | null {
  if (!/^[+-]?\d+$/.test(text)) return '应为整数'
  const number = BigInt(text)
  if (number >= INTEGER_LIMIT || number < -INTEGER_LIMIT) return '超出整数的范围（64 位整数）'
  return null
}

function checkList(items: string[]): string | null {
  if (items.length === 0) return '至少填写一项'
  if (items.some((item) => !item.trim())) return '列表项不能为空'
  if (items.some((item) => item.length > MAX_VALUE_LENGTH)) return `每项不能超过 ${MAX_VALUE_LENGTH} 个字符`
  return null
}

/** Why `value` is not a valid value of `def` (Chinese, shown beside the field), or null. */
export function validateValue(def: ParameterDef, value: ParamValue | undefined): string | null {
  const label = def.label || def.name
  if (def.type === 'boolean') return typeof value === 'boolean' ? null : `${label}应为是或否`
  if (def.type === 'list') {
    if (!Array.isArray(value)) return `${label}应为文本列表`
    const problem = checkList(value)
    if (problem) return `${label}${problem}`
    const allowed = def.choices?.map(asText)
    const outside = allowed ? value.find((item) => !allowed.includes(item)) : undefined
    return outside === undefined ? null : `${label}不能取“${outside}”`
  }
  const text = typeof value === 'string' ? value.trim() : ''
  if (!text) return def.type === 'text' && !def.choices ? null : `请填写${label}`
  if (text.length > MAX_VALUE_LENGTH) return `${label}不能超过 ${MAX_VALUE_LENGTH} 个字符`
  let problem: string | null = null
  if (def.type === 'integer') problem = checkInteger(text)
  else if (def.type === 'number') problem = Number.isFinite(Number(text)) ? null : '应为数字'
  else if (def.type === 'date') problem = validDate(text) ? null : '应为日期（YYYY-MM-DD）'
  if (problem) return `${label}${problem}`
  const allowed = def.choices?.map(asText)
  if (allowed && !allowed.includes(text)) return `${label}应为：${allowed.join('、')}`
  return null
}

/** Every invalid field's message, by parameter name. */
export function validateAll(defs: ParameterDef[], values: ParamValues): Record<string, string> {
  const problems: Record<string, string> = {}
  for (const def of defs) {
    const problem = validateValue(def, values[def.name])
    if (problem) problems[def.name] = problem
  }
  return problems
}

/** Element Plus rules running `validateValue` on each field. */
export function formRules(defs: ParameterDef[]): Record<string, FormItemRule[]> {
  return Object.fromEntries(
    defs.map((def) => [
      def.name,
      [
        {
          trigger: ['blur', 'change'],
          validator: (_rule: unknown, value: ParamValue, callback: (error?: Error) => void) => {
            const problem = validateValue(def, value)
            callback(problem ? new Error(problem) : undefined)
          },
        },
      ],
    ]),
  )
}

/** The run's `parameters`: a list as a list of text, a boolean as a boolean, every other
 * value as the text the server parses by the parameter's type. */
export function toParameters(defs: ParameterDef[], values: ParamValues): ParamValues {
  const parameters: ParamValues = {}
  for (const def of defs) {
    const value = values[def.name]
    if (Array.isArray(value)) parameters[def.name] = value.map((item) => item.trim())
    else if (typeof value === 'boolean') parameters[def.name] = value
    else parameters[def.name] = (value ?? '').trim()
  }
  return parameters
}
