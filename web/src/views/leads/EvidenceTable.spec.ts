import { describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import EvidenceTable from '@/views/leads/EvidenceTable.vue'

const evidence = { person_id: '330120********545X', deadline: '2029-03-01', 'p.intake_date': null }

async function render(labels?: Record<string, string>) {
  const wrapper = mount(EvidenceTable, {
    props: { evidence, labels },
    global: { plugins: [ElementPlus] },
    attachTo: document.body,
  })
  await flushPromises()
  return wrapper
}

describe('evidence table', () => {
  it('names each field by its Chinese name only, never its code name', async () => {
    const wrapper = await render({ person_id: '公民身份号码', deadline: '追诉期限届满日', 'p.intake_date': '收押日期' })
    const names = wrapper.findAll('[data-test="evidence-label"]').map((n) => n.text())
    expect(names).toEqual(['公民身份号码', '追诉期限届满日', '收押日期'])
    expect(wrapper.text()).not.toMatch(/person_id|deadline|intake_date/)
    wrapper.unmount()
  })

  it('falls back to the field when no name is known', async () => {
    const wrapper = await render({ person_id: '公民身份号码' })
    const names = wrapper.findAll('[data-test="evidence-label"]').map((n) => n.text())
    expect(names).toEqual(['公民身份号码', 'deadline', 'p.intake_date'])
    wrapper.unmount()
  })
})
