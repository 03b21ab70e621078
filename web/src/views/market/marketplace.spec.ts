import { describe, expect, it } from 'vitest'
import type { MarketModel } from '@/api/pages/marketplace'
import { adoptionTag, bindingDraft, draftBindings, money, percent, unbound } from './marketplace'

function model(overrides: Partial<MarketModel> = {}): MarketModel {
  return {
    slug: 'custodial',
    name: '审前未羁押判处实刑罪犯未交付执行监督模型',
    description: '',
    area: 'criminal',
    area_label: '刑事检察',
    line: 'criminal_execution',
    line_label: '刑事执行检察',
    kind: 'collision',
    kind_label: '数据碰撞',
    risk: 'medium',
    risk_label: '中风险',
    state: 'published',
    state_label: '已冠名上架',
    author_org: '630202',
    author_org_name: '海东市乐都区人民检察院',
    authors: [],
    published_at: null,
    version: '1.0.0',
    version_id: 1,
    inputs: [
      { input: 'j', label: '刑事判决', fields: [{ field: 'person_id', type: 'id_card' }, { field: 'court', type: 'org' }] },
      { input: 'p', label: '监狱收押', fields: [{ field: 'intake_date', type: 'date' }] },
    ],
    figures: {
      offices: 2, adoptions: 2, adoption_label: '2 个院 2 次', runs: 2, succeeded_runs: 2,
      last_run_on: null, leads: 2, verified: 2, confirmed: 1, precision: 0.5, cases: 1,
      actions: {}, actions_total: 2, adopted_total: 1, recovered_amount: '15000.00',
      persons_affected: 2, rules_made: 1,
    },
    usable: true,
    bindings: { j: { dataset: '判决', fields: { person_id: '公民身份号码' } } },
    missing: ['p（监狱收押）'],
    adopted: null,
    ...overrides,
  }
}

describe('marketplace helpers', () => {
  it('reads figures as people do', () => {
    expect(percent(0.5)).toBe('50.0%')
    expect(percent(null)).toBe('—')
    expect(money('15000.00')).toBe('15,000.00')
  })

  it('tags the office adoption and an upgrade', () => {
    expect(adoptionTag(model())).toBeNull()
    const own = { version: '1.0.0', version_id: 1, up_to_date: true, upgrade_to: null }
    expect(adoptionTag(model({ adopted: own }))).toEqual({ label: '本院已采用 v1.0.0', type: 'success' })
    const older = { ...own, up_to_date: false, upgrade_to: '1.1.0' }
    expect(adoptionTag(model({ adopted: older }))?.type).toBe('warning')
  })

  it('drafts bindings from what the API found and sends only renamed columns', () => {
    const draft = bindingDraft(model())
    expect(draft.map((d) => d.dataset)).toEqual(['判决', ''])
    expect(draft[0]?.fields.map((f) => f.column)).toEqual(['公民身份号码', 'court'])
    expect(unbound(draft)).toEqual(['监狱收押'])
    draft[1]!.dataset = '收押'
    draft[1]!.fields[0]!.column = ' 收押日期 '
    expect(unbound(draft)).toEqual([])
    expect(draftBindings(draft)).toEqual({
      j: { dataset: '判决', fields: { person_id: '公民身份号码' } },
      p: { dataset: '收押', fields: { intake_date: '收押日期' } },
    })
  })
})
