import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import ExplanationChain from '@/components/ExplanationChain.vue'
import type { ExplanationStep } from '@/api/leads'

const steps: ExplanationStep[] = [
  {
    step: 1,
    kind: 'from',
    text: '来自刑事判决第 28 行',
    row: 28,
    values: {},
    rows: [{ input: 'j', label: '刑事判决', dataset: '刑事判决', version: 1, row: 28 }],
  },
  {
    step: 2,
    kind: 'filter',
    text: '判决生效已逾 30 日仍未交付执行',
    values: { person_id: '330120********545X' },
    technical: {
      condition: 'effective_date <= current_date - :grace_days',
      parameters: { grace_days: 30 },
      sql: 'SELECT * FROM j WHERE effective_date <= ?',
      spec_step: "filter: effective_date <= current_date - :grace_days\nlabel: 判决生效已逾 {grace_days} 日",
    },
  },
]

function render() {
  return mount(ExplanationChain, {
    props: { steps, sql: 'SELECT 1 AS whole_model' },
    global: { plugins: [ElementPlus] },
    attachTo: document.body,
  })
}

describe('explanation chain', () => {
  it('renders each step as a plain sentence, in order', () => {
    const wrapper = render()
    const texts = wrapper.findAll('[data-test="explanation-text"]').map((n) => n.text())
    expect(texts).toEqual(['来自刑事判决第 28 行', '判决生效已逾 30 日仍未交付执行'])
    expect(wrapper.find('[data-test="masked"]').text()).toBe('330120********545X')
    wrapper.unmount()
  })

  it('hides the technical details until the panel is opened', async () => {
    const wrapper = render()
    const panel = wrapper.find('.el-collapse-item__wrap')
    expect(panel.exists()).toBe(true)
    expect(panel.isVisible()).toBe(false)
    expect(wrapper.find('[data-test="technical-sql"]').isVisible()).toBe(false)
    await wrapper.find('.el-collapse-item__header').trigger('click')
    expect(wrapper.find('.el-collapse-item__wrap').isVisible()).toBe(true)
    expect(wrapper.text()).toContain('effective_date <= current_date - :grace_days')
    expect(wrapper.text()).toContain('grace_days = 30')
    expect(wrapper.find('[data-test="technical-sql"]').text()).toBe('SELECT 1 AS whole_model')
    expect(wrapper.text()).toContain('label: 判决生效已逾 {grace_days} 日')
    wrapper.unmount()
  })

  it('offers the source rows of a step that refers to rows', async () => {
    const wrapper = render()
    const button = wrapper.find('[data-test="explanation-rows-0"]')
    expect(button.exists()).toBe(true)
    expect(wrapper.find('[data-test="explanation-rows-1"]').exists()).toBe(false)
    await button.trigger('click')
    expect(wrapper.emitted('rows')![0]![0]).toMatchObject({ step: 1, row: 28 })
    wrapper.unmount()
  })
})
