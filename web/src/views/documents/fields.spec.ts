import { describe, expect, it } from 'vitest'
import { defendantItems, documentItems, fieldLabel, fieldValue } from '@/views/documents/fields'

const judgment = {
  id: 'j-1',
  doc_type: 'judgment',
  doc_type_label: '刑事判决书',
  case_number: '（2017）沪0120刑初684号',
  court: '上海市奉贤区人民法院',
  procedure: 'first_instance',
  doc_date: '2017-07-05',
  spans: { case_number: [12, 28] },
  warnings: ['没有读出判决日期'],
  defendants: [
    {
      name: '张＊',
      sex: '女',
      measures: [
        { type: '刑事拘留', date: '2017-04-28' },
        { type: '逮捕', date: null },
      ],
      charges: ['诈骗罪', '盗窃罪'],
      term_months: 8,
      fine_yuan: 2000,
      recidivist: false,
      spans: { name: [40, 42] },
    },
    { name: '', charges: [] },
  ],
}

describe('document fields', () => {
  it('lists the document fields first in a fixed order, without spans, warnings or defendants', () => {
    const items = documentItems(judgment, 'judgment')
    expect(items.map((i) => i.field)).toEqual(['doc_type_label', 'case_number', 'court', 'procedure', 'doc_date'])
    expect(items.map((i) => i.label)).toEqual(['文书类型', '案号', '审判法院', '审理程序', '文书日期'])
    expect(items.find((i) => i.field === 'procedure')!.value).toBe('一审')
  })

  it('names fields by the document type where the name differs', () => {
    expect(fieldLabel('case_number', 'indictment')).toBe('文号')
    expect(fieldLabel('court', 'indictment')).toBe('受理法院')
    expect(fieldLabel('prosecutor_office', 'police_recommendation')).toBe('移送检察院')
    expect(fieldLabel('something_new')).toBe('something_new')
  })

  it('shows each defendant in order with readable values', () => {
    const people = defendantItems(judgment, 'judgment')
    expect(people.map((p) => [p.no, p.name])).toEqual([
      [1, '张＊'],
      [2, '被告人2'],
    ])
    const first = Object.fromEntries(people[0]!.items.map((i) => [i.label, i.value]))
    expect(first).toEqual({
      姓名: '张＊',
      性别: '女',
      强制措施: '2017-04-28 刑事拘留；日期不详 逮捕',
      罪名: '诈骗罪、盗窃罪',
      刑期月数: '8',
      罚金: '2,000 元',
      累犯: '否',
    })
    expect(people[1]!.items.find((i) => i.field === 'charges')!.value).toBe('—')
  })

  it('formats values a prosecutor reads', () => {
    expect(fieldValue('procedure', 'second_instance')).toBe('二审')
    expect(fieldValue('rec_probation', true)).toBe('是')
    expect(fieldValue('amount_yuan', null)).toBe('—')
    expect(fieldValue('measures', [])).toBe('—')
  })
})
