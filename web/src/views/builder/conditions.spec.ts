import { describe, expect, it } from 'vitest'
import type { Condition } from '@/api/pages/builder'
import {
  conditionOf,
  conditionSet,
  emptyRow,
  kindsFor,
  literalOf,
  opsFor,
  renderSet,
  rowError,
  rowOf,
  type ConditionRow,
} from './conditions'

function row(column: string, op: ConditionRow['op'], right: Partial<ConditionRow['right']> = {}): ConditionRow {
  const made = emptyRow(column)
  made.op = op
  made.right = { ...made.right, ...right }
  return made
}

describe('operators by semantic type', () => {
  it('offers truth tests for booleans and no ordering for text', () => {
    expect(opsFor('boolean')).toContain('is_true')
    expect(opsFor('boolean')).not.toContain('>')
    expect(opsFor('text')).toContain('contains')
    expect(opsFor('id_card')).not.toContain('>=')
    expect(opsFor('date')).toContain('between')
    expect(opsFor('date')).not.toContain('contains')
    expect(opsFor(null)).toHaveLength(15)
  })

  it('offers days before today only on dates, and nothing on unary operators', () => {
    expect(kindsFor('<=', 'date')).toContain('days_before_today')
    expect(kindsFor('<=', 'integer')).not.toContain('days_before_today')
    expect(kindsFor('in', 'text')).toEqual(['value', 'param'])
    expect(kindsFor('is_null', 'text')).toEqual([])
    expect(kindsFor('contains', 'text')).toEqual(['value'])
  })
})

describe('typed values', () => {
  it('types a value by its column', () => {
    expect(literalOf('30', 'integer', '>')).toEqual({ value: 30 })
    expect(literalOf('3.5', 'integer', '>')).toEqual({ error: '请填写整数' })
    expect(literalOf('1.5', 'money', '>=')).toEqual({ value: 1.5 })
    expect(literalOf('2024-02-30', 'date', '<')).toHaveProperty('error')
    expect(literalOf('2024-02-29', 'date', '<')).toEqual({ value: '2024-02-29' })
    expect(literalOf('有期徒刑、拘役，无期徒刑', 'text', 'in')).toEqual({ value: ['有期徒刑', '拘役', '无期徒刑'] })
    expect(literalOf('是', 'boolean', '=')).toEqual({ value: true })
  })

  it('refuses % and _ in a contains value', () => {
    expect(literalOf('100%', 'text', 'contains')).toHaveProperty('error')
    expect(literalOf('a_b', 'text', 'not_contains')).toHaveProperty('error')
    expect(literalOf('借款', 'text', 'contains')).toEqual({ value: '借款' })
  })

  it('says what a row lacks', () => {
    expect(rowError(emptyRow(), 'text')).toBe('请选择列')
    expect(rowError(row('person_id', 'not_null'), 'id_card')).toBeNull()
    expect(rowError(row('sentence_type', 'in', { kind: 'param' }), 'text')).toBe('请选择参数')
    expect(rowError(row('effective_date', '<=', { kind: 'days_before_today', value: 'x' }), 'date')).toContain('天数')
    expect(rowError(row('effective_date', '<=', { kind: 'days_before_today', param: 'grace_days' }), 'date')).toBeNull()
  })
})

describe('rows and document conditions', () => {
  const conditions: Condition[] = [
    { column: 'person_id', op: 'not_null' },
    { column: 'sentence_type', op: 'in', right: { param: 'custodial' } },
    { column: 'probation', op: 'is_false' },
    { column: 'effective_date', op: '<=', right: { days_before_today: { param: 'grace_days' } } },
    { column: 'p.intake_date', op: '>=', right: { column: 'judgment_date' } },
    { column: 'term_months', op: 'between', right: { range: [{ value: 6 }, { param: 'most' }] } },
    { column: 'pretrial_measure', op: 'in', right: { value: ['取保候审', '监视居住'] } },
    { column: 'court', op: '=', right: { value: "O'Brien 法院" } },
  ]
  const semantics: Record<string, string> = { term_months: 'integer', pretrial_measure: 'text', court: 'text' }

  it('turns each condition into a row and back unchanged', () => {
    for (const condition of conditions) {
      expect(conditionOf(rowOf(condition), semantics[condition.column] ?? null)).toEqual(condition)
    }
  })

  it('keeps days before today as a number', () => {
    const typed = row('effective_date', '<', { kind: 'days_before_today', value: '30' })
    expect(conditionOf(typed, 'date')).toEqual({ column: 'effective_date', op: '<', right: { days_before_today: { value: 30 } } })
  })

  it('renders the canonical text of a condition set', () => {
    const set = conditionSet(conditions.map(rowOf), (column) => semantics[column] ?? null)
    expect(renderSet(set)).toBe(
      'person_id IS NOT NULL AND sentence_type IN :custodial AND NOT coalesce(probation, false)' +
        ' AND effective_date <= current_date - :grace_days AND p.intake_date >= judgment_date' +
        " AND term_months BETWEEN 6 AND :most AND pretrial_measure IN ('取保候审', '监视居住')" +
        " AND court = 'O''Brien 法院'",
    )
    expect(renderSet({ all: [{ column: 'd', op: '<', right: { value: '2024-01-01' } }] })).toBe("d < DATE '2024-01-01'")
    expect(renderSet({ all: [{ column: 'note', op: 'not_contains', right: { value: '借' } }] })).toBe("note NOT LIKE '%借%'")
    expect(renderSet({ all: [{ column: 'flag', op: 'is_true' }] })).toBe('coalesce(flag, false)')
  })
})
