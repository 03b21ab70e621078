import { describe, expect, it } from 'vitest'
import { evidenceLabels } from '@/views/leads/labels'

const bindings = {
  j: { dataset: '刑事判决', fields: { person_id: '公民身份号码', court: '审判法院' } },
  p: { dataset: '监狱收押', fields: { person_id: '身份证号', intake_date: '收押日期' } },
}

describe('evidence column names', () => {
  it("names each field by the dataset's own column, first input first", () => {
    const labels = evidenceLabels(['person_id', 'court', 'p.intake_date', 'days_overdue'], bindings)
    expect(labels).toEqual({
      person_id: '公民身份号码',
      court: '审判法院',
      'p.intake_date': '收押日期',
    })
  })

  it('gives no names without bindings', () => {
    expect(evidenceLabels(['person_id'], undefined)).toEqual({})
  })
})
