import { describe, expect, it } from 'vitest'
import type { CampaignStats } from '@/api/pages/campaigns'
import { actionsOption, officesOption } from './charts'

function figures(leads: number, actions: Record<string, number> = {}) {
  const total = Object.values(actions).reduce((a, b) => a + b, 0)
  return {
    leads, verified: leads, confirmed: 0, precision: null, cases: 0, actions,
    actions_total: total, adopted_total: 0, recovered_amount: '0.00', persons_affected: 0, rules_made: 0,
  }
}

const stats = {
  campaign: {} as CampaignStats['campaign'],
  total: figures(3, { suggestion: 2, protest: 0, correction_notice: 1 }),
  per_office: [
    { org: '630202', org_name: '乐都区院', ...figures(2) },
    { org: null, org_name: null, ...figures(1) },
  ],
  per_model: [],
} satisfies CampaignStats

describe('campaign charts', () => {
  it('draws one bar group per office', () => {
    const option = officesOption(stats) as { xAxis: { data: string[] }; series: { name: string; data: number[] }[] }
    expect(option.xAxis.data).toEqual(['乐都区院', '未归属单位'])
    expect(option.series[0]).toMatchObject({ name: '线索', data: [2, 1] })
  })

  it('leaves kinds with no action out of the pie', () => {
    const option = actionsOption(stats) as { series: { data: { name: string; value: number }[] }[] }
    expect(option.series[0]?.data).toEqual([
      { name: '检察建议', value: 2 },
      { name: '纠正违法通知书', value: 1 },
    ])
  })
})
