import { describe, expect, it } from 'vitest'
import type { BuilderDocument } from '@/api/pages/builder'
import { blankState, defaultError, fromDocument, insertAt, toBindings, toDocument } from './document'
import { fieldKeys, localProblems } from './keys'
import { newStep, stepToDocument, toggleExpert, type FilterStep } from './steps'

const template: BuilderDocument = {
  spec: 1,
  id: 'custodial-sentence-not-executed',
  version: '1.0.0',
  name: '审前未羁押判处实刑罪犯未交付执行监督模型',
  area: 'criminal',
  line: 'criminal_execution',
  kind: 'collision',
  risk: 'medium',
  description: '判决生效后逾期未交付执行。',
  legal_basis: ['《中华人民共和国刑事诉讼法》第二百六十四条'],
  parameters: {
    grace_days: { type: 'integer', default: 30, label: '生效后宽限天数' },
    custodial: { type: 'list', default: ['有期徒刑', '拘役'], label: '实刑刑种' },
  },
  inputs: {
    j: { label: '刑事判决', fields: { person_id: 'id_card', name: 'person_name', effective_date: 'date', judgment_date: 'date' } },
    p: { label: '监狱收押', fields: { person_id: 'id_card', intake_date: 'date' } },
  },
  steps: [
    { from: 'j', label: '逐条审查刑事判决' },
    { filter: { all: [{ column: 'person_id', op: 'not_null' }] } },
    { filter: { all: [{ column: 'effective_date', op: '<=', right: { days_before_today: { param: 'grace_days' } } }] }, label: '已逾 {grace_days} 日' },
    { anti_join: { input: 'p', on: [['person_id', 'person_id']], where: 'p.intake_date >= judgment_date' } },
    { derive: { days_overdue: "date_diff('day', effective_date, current_date)" } },
  ],
  columns: { days_overdue: '判决生效至今天数', unused: '未用' },
  lead: {
    subject: { type: 'person', key: 'person_id', name: 'name' },
    title: '{name}：生效逾{days_overdue}日未交付执行',
    evidence: ['name', 'person_id'],
    jurisdiction: null,
    amount: null,
  },
}

const bindings = { j: { dataset: '刑事判决', fields: { person_id: '公民身份号码', name: '被告人姓名' } } }

describe('builder document', () => {
  it('comes back unchanged through the page state', () => {
    expect(toDocument(fromDocument(template))).toEqual(template)
  })

  it('keeps the bindings of an installed model, fields fixed', () => {
    const state = fromDocument(template, bindings)
    expect(state.inputs[0]!.fixed).toBe(true)
    expect(state.inputs[0]!.fields.find((row) => row.field === 'person_id')!.column).toBe('公民身份号码')
    expect(toBindings(state)).toEqual(bindings)
    expect(state.columns).toEqual({ unused: '未用' })
    expect(state.parameters[1]!.default).toBe('有期徒刑、拘役')
  })

  it('opens text conditions in the expert box and rows otherwise', () => {
    const state = fromDocument(template)
    const anti = state.steps[3]!
    expect(anti.kind === 'anti_join' && anti.where.expert).toBe(true)
    const filter = state.steps[1] as FilterStep
    expect(filter.condition.expert).toBe(false)
    expect(filter.condition.rows[0]!.op).toBe('not_null')
  })

  it('seeds the expert box with the rows and gives the rows back when untouched', () => {
    const filter = fromDocument(template).steps[2] as FilterStep
    toggleExpert(filter.condition, () => 'date')
    expect(filter.condition.text).toBe('effective_date <= current_date - :grace_days')
    expect(stepToDocument(filter, () => 'date')).toEqual({ filter: 'effective_date <= current_date - :grace_days', label: '已逾 {grace_days} 日' })
    toggleExpert(filter.condition, () => 'date')
    expect(filter.condition.rows).toHaveLength(1)
    expect(filter.condition.rows[0]!.right.param).toBe('grace_days')
  })

  it('gives new steps bodies the schema accepts', () => {
    const context = { inputs: ['j', 'p'], from: 'j', columns: ['person_id', 'name'] }
    expect(stepToDocument(newStep('from', context), () => null)).toEqual({ from: 'j' })
    expect(stepToDocument(newStep('anti_join', context), () => null)).toEqual({ anti_join: { input: 'p', on: [['', '']] } })
    expect(stepToDocument(newStep('join', context), () => null)).toEqual({ join: { input: 'p', on: [['', '']], type: 'inner' } })
    expect(stepToDocument(newStep('aggregate', context), () => null)).toEqual({ aggregate: { by: [], measures: { n: 'count(*)' } } })
    expect(stepToDocument(newStep('select', context), () => null)).toEqual({ select: ['person_id', 'name'] })
    expect(newStep('filter', context).kind).toBe('filter')
  })

  it('checks parameter defaults against their type', () => {
    expect(defaultError({ name: 'd', type: 'integer', default: '3.5', label: '' })).toBe('默认值应为整数')
    expect(defaultError({ name: 'd', type: 'list', default: '', label: '' })).toContain('顿号')
    expect(defaultError({ name: 'd', type: 'date', default: '2024-01-01', label: '' })).toBeNull()
  })

  it('knows the keys it shows problems at and what it finds itself', () => {
    const state = fromDocument(template, bindings)
    const keys = fieldKeys(state)
    expect(keys).toContain('steps.1.filter.all.0')
    expect(keys).toContain('steps.3.anti_join.on.0')
    expect(keys).toContain('steps.4.derive.days_overdue')
    expect(keys).toContain('inputs.j.fields.person_id')
    expect(keys).not.toContain('steps.3.anti_join.where.all.0') // expert text, no rows
    expect(keys).toContain('inputs.p.dataset')
    state.inputs[0]!.fields[1]!.field = 'person_id'
    state.inputs[1]!.name = '2p'
    const found = localProblems(state)
    expect(found.map((p) => p.path)).toEqual(['inputs.j.fields.person_id', 'inputs.j.fields.person_id', 'inputs.2p'])
  })

  it('finds an empty page wanting inputs and a blank value', () => {
    const state = blankState()
    state.parameters.push({ name: '1x', type: 'integer', default: '', label: '' })
    const found = localProblems(state)
    expect(found.map((p) => p.message)).toEqual(['参数名只能用英文字母、数字和下划线，且不以数字开头', '请填写默认值'])
  })

  it('inserts a title chip at the caret', () => {
    expect(insertAt('：未交付', 0, '{name}')).toEqual({ text: '{name}：未交付', caret: 6 })
    expect(insertAt('逾期', null, '{days}')).toEqual({ text: '逾期{days}', caret: 8 })
  })
})
