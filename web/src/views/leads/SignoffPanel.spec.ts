import { describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import type { Signoffs } from '@/api/leads'
import SignoffPanel from '@/views/leads/SignoffPanel.vue'

const high: Signoffs = {
  risk: 'high',
  risk_label: '高风险',
  required: [
    { kind: 'second_verification', label: '第二人核查（复核）' },
    { kind: 'approval', label: '院领导审批' },
  ],
  done: [
    { kind: 'second_verification', label: '第二人核查（复核）', user: 'li.si', at: null, opinion: '属实', counts: true },
    { kind: 'approval', label: '院领导审批', user: 'zhang.san', at: null, opinion: '同意', counts: false },
  ],
  missing: [{ kind: 'approval', label: '院领导审批' }],
  first_verifier: 'zhang.san',
}

describe('sign-off panel', () => {
  it('shows each required sign-off as given or missing, leaving out one that does not count', async () => {
    const wrapper = mount(SignoffPanel, { props: { signoffs: high }, global: { plugins: [ElementPlus] } })
    await flushPromises()
    const second = wrapper.find('[data-test="signoff-row-second_verification"]').text()
    const approval = wrapper.find('[data-test="signoff-row-approval"]').text()
    expect(second).toContain('已签署')
    expect(second).toContain('li.si')
    expect(approval).toContain('尚缺')
    expect(approval).not.toContain('zhang.san') // the first verifier's approval of a high lead
    expect(wrapper.text()).toContain('核查人：zhang.san')
    wrapper.unmount()
  })
})
