import { describe, expect, it } from 'vitest'
import type { ParameterDef } from '@/api/pages/models'
import { initialValues, toParameters, validateAll, validateValue } from './paramForm'

const defs: ParameterDef[] = [
  { name: 'grace_days', type: 'integer', label: '宽限天数', default: 30 },
  { name: 'ratio', type: 'number', label: '比例', default: 1.5 },
  { name: 'since', type: 'date', label: '起始日期', default: '2024-01-01' },
  { name: 'strict', type: 'boolean', label: '严格', default: false },
  { name: 'custodial', type: 'list', label: '实刑刑种', default: ['有期徒刑', '拘役'] },
  { name: 'court', type: 'text', label: '法院', default: '某法院' },
]

const byName = (name: string): ParameterDef => defs.find((d) => d.name === name) as ParameterDef

describe('parameter form', () => {
  it('starts from the defaults, typed for the form', () => {
    const values = initialValues(defs)
    expect(values).toEqual({
      grace_days: '30',
      ratio: '1.5',
      since: '2024-01-01',
      strict: false,
      custodial: ['有期徒刑', '拘役'],
      court: '某法院',
    })
    expect(validateAll(defs, values)).toEqual({})
  })

  it('refuses what is not an integer, naming the field', () => {
    const grace = byName('grace_days')
    expect(validateValue(grace, '3.5')).toBe('宽限天数应为整数')
    expect(validateValue(grace, 'abc')).toBe('宽限天数应为整数')
    expect(validateValue(grace, '')).toBe('请填写宽限天数')
    expect(validateValue(grace, '9223372036854775808')).toContain('超出整数的范围')
    expect(validateValue(grace, '-12')).toBeNull()
  })

  it('checks numbers and calendar dates', () => {
    expect(validateValue(byName('ratio'), '1e3')).toBeNull()
    expect(validateValue(byName('ratio'), '一点五')).toBe('比例应为数字')
    expect(validateValue(byName('since'), '2024-02-30')).toBe('起始日期应为日期（YYYY-MM-DD）')
    expect(validateValue(byName('since'), '2024/02/01')).toBe('起始日期应为日期（YYYY-MM-DD）')
    expect(validateValue(byName('since'), '2024-02-29')).toBeNull()
  })

  it('lets a free text be empty, but not a text with allowed values', () => {
    expect(validateValue(byName('court'), '')).toBeNull()
    const limited = { ...byName('court'), choices: ['甲法院', '乙法院'] }
    expect(validateValue(limited, '')).toBe('请填写法院')
    expect(validateValue(limited, '丙法院')).toBe('法院应为：甲法院、乙法院')
  })

  it('checks lists: not empty, no blank or overlong item, allowed values', () => {
    const list = byName('custodial')
    expect(validateValue(list, [])).toBe('实刑刑种至少填写一项')
    expect(validateValue(list, ['有期徒刑', ' '])).toBe('实刑刑种列表项不能为空')
    expect(validateValue(list, ['刑'.repeat(201)])).toBe('实刑刑种每项不能超过 200 个字符')
    const limited = { ...list, choices: ['有期徒刑', '拘役', '无期徒刑'] }
    expect(validateValue(limited, ['管制'])).toBe('实刑刑种不能取“管制”')
    expect(validateValue(limited, ['拘役'])).toBeNull()
  })

  it('sends lists and booleans typed, every other value as text the server parses', () => {
    const values = { ...initialValues(defs), grace_days: ' 45 ', strict: true }
    expect(toParameters(defs, values)).toEqual({
      grace_days: '45',
      ratio: '1.5',
      since: '2024-01-01',
      strict: true,
      custodial: ['有期徒刑', '拘役'],
      court: '某法院',
    })
  })
})
