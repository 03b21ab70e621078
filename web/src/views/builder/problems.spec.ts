import { describe, expect, it } from 'vitest'
import type { Problem } from '@/api/pages/builder'
import { autoBind, compatible, compatibleColumns, suggestFieldName, syncTicked } from './compatible'
import { highlight, normalizePath, placeProblems } from './problems'

const problem = (path: string, message = '错误'): Problem => ({ path, message, part: '' })

describe('placing problems', () => {
  const keys = ['id', 'steps', 'steps.3', 'steps.3.filter', 'steps.3.filter.all.1', 'inputs.j.fields.person_id', 'lead.title']

  it('puts a problem at the longest key that prefixes its path', () => {
    const placed = placeProblems(
      [
        problem('steps.3.filter.all.1.right'),
        problem('steps.3.filter'),
        problem('steps.3.label'),
        problem('steps[3].filter.all[1]'),
        problem('inputs.j.fields.person_id'),
      ],
      keys,
    )
    expect(placed.at['steps.3.filter.all.1']).toHaveLength(2)
    expect(placed.at['steps.3.filter']).toHaveLength(1)
    expect(placed.at['steps.3']).toHaveLength(1)
    expect(placed.at['inputs.j.fields.person_id']).toHaveLength(1)
    expect(placed.unplaced).toEqual([])
  })

  it('lists at the top what no field claims', () => {
    const placed = placeProblems([problem(''), problem('columns.x'), problem('identity')], keys)
    expect(placed.unplaced.map((p) => p.path)).toEqual(['', 'columns.x', 'identity'])
    expect(Object.keys(placed.at)).toEqual([])
  })

  it('normalises bracket paths', () => {
    expect(normalizePath('steps[2].join.on[0]')).toBe('steps.2.join.on.0')
    expect(normalizePath('lead.title')).toBe('lead.title')
  })

  it('marks the offending part', () => {
    expect(highlight('不允许使用 read_csv(x)', 'read_csv')).toEqual([
      { text: '不允许使用 ', mark: false },
      { text: 'read_csv', mark: true },
      { text: '(x)', mark: false },
    ])
    expect(highlight('没有这一部分', 'abc')).toEqual([{ text: '没有这一部分', mark: false }])
    expect(highlight('未知的列 `judgment_dat`，是否应为 `judgment_date`？', 'judgment_dat')).toEqual([
      { text: '未知的列 `', mark: false },
      { text: 'judgment_dat', mark: true },
      { text: '`，是否应为 `judgment_date`？', mark: false },
    ])
  })
})

describe('compatible columns', () => {
  it('follows the install rule', () => {
    expect(compatible('id_card', 'id_card')).toBe(true)
    expect(compatible('text', 'person_name')).toBe(true)
    expect(compatible('person_name', 'text')).toBe(true)
    expect(compatible('person_name', 'company_name')).toBe(false)
    expect(compatible('money', 'integer')).toBe(true)
    expect(compatible('number', 'money')).toBe(true)
    expect(compatible('integer', 'number')).toBe(false)
    expect(compatible('date', 'text')).toBe(false)
  })

  const columns = [
    { name: '公民身份号码', semantic: 'id_card', type: 'VARCHAR' },
    { name: '罚金', semantic: 'money', type: 'DECIMAL' },
    { name: '刑期月数', semantic: 'integer', type: 'BIGINT' },
    { name: 'person_id', semantic: 'text', type: 'VARCHAR' },
  ]

  it('offers only compatible columns and binds same-named ones', () => {
    expect(compatibleColumns('number', columns).map((c) => c.name)).toEqual(['罚金', '刑期月数'])
    expect(compatibleColumns('id_card', columns).map((c) => c.name)).toEqual(['公民身份号码', 'person_id'])
    const bound = autoBind([{ field: 'person_id', semantic: 'id_card', column: '' }, { field: 'fine', semantic: 'date', column: '罚金' }], columns)
    expect(bound.map((row) => row.column)).toEqual(['person_id', ''])
  })

  it('suggests identifier field names for Chinese columns', () => {
    expect(suggestFieldName('公民身份号码', 'id_card', [])).toBe('person_id')
    expect(suggestFieldName('判决日期', 'date', ['date'])).toBe('date_2')
    expect(suggestFieldName('case_no', 'text', [])).toBe('case_no')
  })
  it('turns ticked columns into fields, keeping names given', () => {
    const first = syncTicked([], ['公民身份号码', '罚金'], columns)
    expect(first).toEqual([
      { field: 'person_id', semantic: 'id_card', column: '公民身份号码' },
      { field: 'amount', semantic: 'money', column: '罚金' },
    ])
    first[1]!.field = 'fine'
    const second = syncTicked(first, ['罚金', 'person_id'], columns)
    expect(second.map((row) => row.field)).toEqual(['fine', 'person_id'])
  })
})
