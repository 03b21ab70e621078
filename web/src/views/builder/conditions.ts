/**
 * Condition rows of the builder (列 · 运算 · 右侧) and their conversion to and from the
 * document's `{all: [...]}` conditions; which operators and operand kinds a column's semantic
 * type offers; the typed literal of a value typed as text; and the canonical expression text of
 * a condition set (as `jiancha.modelling.conditions.render` writes it), used to seed the expert
 * box. Pure; must not call the API.
 */
import type { Condition, ConditionSet, Literal, Op, Operand } from '@/api/pages/builder'
import type { OperandKind } from './labels'

export interface OperandRow {
  kind: OperandKind
  /** The value as typed (a list: items separated by 、 or commas; days: a whole number). */
  value: string
  param: string
  column: string
}

export interface ConditionRow {
  column: string
  op: Op
  right: OperandRow
  /** The upper bound of `between`. */
  upper: OperandRow
}

export const UNARY: ReadonlySet<Op> = new Set<Op>(['is_null', 'not_null', 'is_true', 'is_false'])
const LISTS: ReadonlySet<Op> = new Set<Op>(['in', 'not_in'])
const LIKES: ReadonlySet<Op> = new Set<Op>(['contains', 'not_contains'])
const ORDER: Op[] = ['=', '!=', '>', '>=', '<', '<=', 'between']
const NULLS: Op[] = ['is_null', 'not_null']

export const NUMERIC = new Set(['integer', 'number', 'money'])
export const TEMPORAL = new Set(['date', 'datetime'])

export function operand(kind: OperandKind = 'value'): OperandRow {
  return { kind, value: '', param: '', column: '' }
}

export function emptyRow(column = ''): ConditionRow {
  return { column, op: '=', right: operand(), upper: operand() }
}

/** The operators offered for a column of this semantic type (unknown: all). */
export function opsFor(semantic: string | null | undefined): Op[] {
  if (!semantic) return [...ORDER, 'in', 'not_in', 'contains', 'not_contains', ...NULLS, 'is_true', 'is_false']
  if (semantic === 'boolean') return ['is_true', 'is_false', '=', '!=', ...NULLS]
  if (NUMERIC.has(semantic)) return [...ORDER, 'in', 'not_in', ...NULLS]
  if (TEMPORAL.has(semantic)) return [...ORDER, ...NULLS]
  return ['=', '!=', 'in', 'not_in', 'contains', 'not_contains', ...NULLS]
}

/** The operand kinds an operator takes on such a column (none for is_null …). */
export function kindsFor(op: Op, semantic: string | null | undefined): OperandKind[] {
  if (UNARY.has(op)) return []
  if (LISTS.has(op)) return ['value', 'param']
  if (LIKES.has(op)) return ['value']
  const kinds: OperandKind[] = ['value', 'param', 'column']
  if (!semantic || TEMPORAL.has(semantic)) kinds.push('days_before_today')
  return kinds
}

export function splitList(text: string): string[] {
  return text
    .split(/[、,，;；\n]+/)
    .map((item) => item.trim())
    .filter(Boolean)
}

function validDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false
  const date = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text
}

/** The literal a typed value stands for, or the Chinese reason it cannot be one. */
export function literalOf(
  text: string,
  semantic: string | null | undefined,
  op: Op,
): { value: Literal } | { error: string } {
  const typed = text.trim()
  if (LISTS.has(op)) {
    const items = splitList(typed)
    return items.length ? { value: items } : { error: '请填写至少一个值（用顿号分隔）' }
  }
  if (!typed) return { error: '请填写值' }
  if (LIKES.has(op)) {
    return /[%_\\]/.test(typed) ? { error: '「包含」的值不能含有 %、_ 或 \\（需要时请用专家表达式）' } : { value: typed }
  }
  if (semantic === 'boolean') {
    if (typed === 'true' || typed === '是') return { value: true }
    if (typed === 'false' || typed === '否') return { value: false }
    return { error: '请选择“是”或“否”' }
  }
  if (semantic && NUMERIC.has(semantic)) {
    const number = Number(typed)
    if (!Number.isFinite(number)) return { error: '请填写数字' }
    if (semantic === 'integer' && !Number.isInteger(number)) return { error: '请填写整数' }
    return { value: number }
  }
  if (semantic && TEMPORAL.has(semantic)) {
    return validDate(typed) ? { value: typed } : { error: '日期应写作 YYYY-MM-DD，如 2024-01-31' }
  }
  if (!semantic && /^-?\d+(\.\d+)?$/.test(typed)) return { value: Number(typed) }
  return { value: typed }
}

/** The reason an operand cannot be used as it stands, or null. */
export function operandError(row: OperandRow, semantic: string | null | undefined, op: Op): string | null {
  if (row.kind === 'param') return row.param ? null : '请选择参数'
  if (row.kind === 'column') return row.column ? null : '请选择列'
  if (row.kind === 'days_before_today') {
    if (row.param) return null
    return /^\d+$/.test(row.value.trim()) ? null : '请填写天数（整数）或选择参数'
  }
  const literal = literalOf(row.value, semantic, op)
  return 'error' in literal ? literal.error : null
}

/** The reason a row cannot be used as it stands, or null. */
export function rowError(row: ConditionRow, semantic: string | null | undefined): string | null {
  if (!row.column) return '请选择列'
  if (UNARY.has(row.op)) return null
  const first = operandError(row.right, semantic, row.op)
  if (first || row.op !== 'between') return first
  return operandError(row.upper, semantic, row.op)
}

function operandOf(row: OperandRow, semantic: string | null | undefined, op: Op): Operand {
  switch (row.kind) {
    case 'param':
      return { param: row.param }
    case 'column':
      return { column: row.column }
    case 'days_before_today':
      return { days_before_today: row.param ? { param: row.param } : { value: Number.parseInt(row.value, 10) || 0 } }
    default: {
      const literal = literalOf(row.value, semantic, op)
      // an unusable value travels as typed; the row shows why it cannot be used
      return { value: 'value' in literal ? literal.value : row.value }
    }
  }
}

/** A row as the document's condition. */
export function conditionOf(row: ConditionRow, semantic?: string | null): Condition {
  if (UNARY.has(row.op)) return { column: row.column, op: row.op }
  if (row.op === 'between') {
    return {
      column: row.column,
      op: row.op,
      right: { range: [operandOf(row.right, semantic, row.op), operandOf(row.upper, semantic, row.op)] },
    }
  }
  return { column: row.column, op: row.op, right: operandOf(row.right, semantic, row.op) }
}

function literalText(value: Literal): string {
  if (Array.isArray(value)) return value.join('、')
  return String(value)
}

function operandRowOf(given: Operand | undefined): OperandRow {
  const row = operand()
  if (!given) return row
  if ('param' in given) return { ...row, kind: 'param', param: given.param }
  if ('column' in given) return { ...row, kind: 'column', column: given.column }
  if ('days_before_today' in given) {
    const days = given.days_before_today
    return 'param' in days
      ? { ...row, kind: 'days_before_today', param: days.param }
      : { ...row, kind: 'days_before_today', value: String(days.value) }
  }
  if ('value' in given) return { ...row, value: literalText(given.value) }
  return row
}

/** The document's condition as a row. */
export function rowOf(condition: Condition): ConditionRow {
  const row = emptyRow(condition.column)
  row.op = condition.op
  const right = condition.right
  if (right && 'range' in right) {
    row.right = operandRowOf(right.range[0])
    row.upper = operandRowOf(right.range[1])
  } else {
    row.right = operandRowOf(right)
  }
  return row
}

/** Rows as the document's condition set; `semantics` gives each column's type. */
export function conditionSet(rows: ConditionRow[], semantics: (column: string) => string | null = () => null): ConditionSet {
  return { all: rows.map((row) => conditionOf(row, semantics(row.column))) }
}

// ---- canonical text (as jiancha.modelling.conditions.render writes it) ----

const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`

function literalSql(value: Literal): string {
  if (Array.isArray(value)) return `(${value.map(quote).join(', ')})`
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'number') return String(value)
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `DATE ${quote(value)}` : quote(value)
}

function operandSql(given: Operand | undefined): string {
  if (!given) return ''
  if ('param' in given) return `:${given.param}`
  if ('column' in given) return given.column
  if ('days_before_today' in given) {
    const days = given.days_before_today
    return `current_date - ${'param' in days ? `:${days.param}` : String(days.value)}`
  }
  if ('range' in given) return `${operandSql(given.range[0])} AND ${operandSql(given.range[1])}`
  return literalSql(given.value)
}

function likeValue(given: Operand | undefined): string {
  return given && 'value' in given ? quote(`%${String(given.value)}%`) : operandSql(given)
}

export function renderCondition(condition: Condition): string {
  const { column, op, right } = condition
  switch (op) {
    case 'is_null':
      return `${column} IS NULL`
    case 'not_null':
      return `${column} IS NOT NULL`
    case 'is_true':
      return `coalesce(${column}, false)`
    case 'is_false':
      return `NOT coalesce(${column}, false)`
    case 'in':
      return `${column} IN ${operandSql(right)}`
    case 'not_in':
      return `${column} NOT IN ${operandSql(right)}`
    case 'contains':
      return `${column} LIKE ${likeValue(right)}`
    case 'not_contains':
      return `${column} NOT LIKE ${likeValue(right)}`
    case 'between':
      return `${column} BETWEEN ${operandSql(right)}`
    default:
      return `${column} ${op} ${operandSql(right)}`
  }
}

export function renderSet(set: ConditionSet): string {
  return set.all.map(renderCondition).join(' AND ')
}
