/**
 * Which dataset columns may feed an input's field — the rule of
 * `jiancha.modelling.install.compatible`: the same semantic type; two textual types when one is
 * `text`; a number or money field takes integers, numbers and money — and the field names
 * suggested for columns picked from a dataset (field names must be identifiers; the agencies'
 * column headers are Chinese). Pure; must not call the API.
 */
import type { DatasetField } from '@/api/pages/builder'

/** Semantic types stored as text (those of `jiancha.identifiers` stored as strings). */
export const TEXTUAL = new Set([
  'id_card',
  'credit_code',
  'person_name',
  'company_name',
  'phone',
  'plate',
  'text',
  'org',
])
const NUMERIC = new Set(['integer', 'number', 'money'])

export function compatible(wanted: string, actual: string): boolean {
  if (wanted === actual) return true
  if (TEXTUAL.has(wanted) && TEXTUAL.has(actual)) return wanted === 'text' || actual === 'text'
  return (wanted === 'number' || wanted === 'money') && NUMERIC.has(actual)
}

/** The dataset's columns that may feed a field of `wanted`, in the dataset's order. */
export function compatibleColumns(wanted: string, fields: DatasetField[]): DatasetField[] {
  return fields.filter((field) => compatible(wanted, field.semantic))
}

export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

const BY_SEMANTIC: Record<string, string> = {
  id_card: 'person_id',
  credit_code: 'credit_code',
  person_name: 'name',
  company_name: 'company_name',
  phone: 'phone',
  plate: 'plate',
  date: 'date',
  datetime: 'time',
  money: 'amount',
  integer: 'count',
  number: 'value',
  boolean: 'flag',
  text: 'text',
  org: 'org',
}

/** A field name for a picked column: the column's own name when it is an identifier, else one
 * after its semantic type, numbered past the names already taken. */
export function suggestFieldName(column: string, semantic: string, taken: Iterable<string>): string {
  const used = new Set(taken)
  const base = IDENTIFIER.test(column) ? column : (BY_SEMANTIC[semantic] ?? 'field')
  if (!used.has(base)) return base
  let n = 2
  while (used.has(`${base}_${n}`)) n += 1
  return `${base}_${n}`
}

/** For each field, the column of the same name when it is compatible (install's default). */
export function autoBind(
  fields: { field: string; semantic: string; column: string }[],
  columns: DatasetField[],
): { field: string; semantic: string; column: string }[] {
  return fields.map((row) => {
    const same = columns.find((c) => c.name === row.field && compatible(row.semantic, c.semantic))
    const kept = columns.find((c) => c.name === row.column && compatible(row.semantic, c.semantic))
    return { ...row, column: kept?.name ?? same?.name ?? '' }
  })
}

/** The fields of an input whose columns are ticked: kept rows stay (their names too), a newly
 * ticked column becomes a field named after it, an unticked one goes; in the dataset's order. */
export function syncTicked(
  rows: { field: string; semantic: string; column: string }[],
  ticked: string[],
  columns: DatasetField[],
): { field: string; semantic: string; column: string }[] {
  const chosen = new Set(ticked)
  const result: { field: string; semantic: string; column: string }[] = []
  const taken = rows.filter((row) => chosen.has(row.column)).map((row) => row.field)
  for (const column of columns) {
    if (!chosen.has(column.name)) continue
    const kept = rows.find((row) => row.column === column.name)
    if (kept) {
      result.push({ ...kept, semantic: column.semantic })
      continue
    }
    const field = suggestFieldName(column.name, column.semantic, taken)
    taken.push(field)
    result.push({ field, semantic: column.semantic, column: column.name })
  }
  return result
}
