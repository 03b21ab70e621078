import { describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { computed, reactive, ref } from 'vue'
import type { ColumnInfo, Problem } from '@/api/pages/builder'
import { BUILDER, type BuilderContext } from './context'
import { fromDocument, type BuilderState } from './document'
import { fieldKeys } from './keys'
import { STEP_KINDS } from './labels'
import { placeProblems } from './problems'
import StepsEditor from './StepsEditor.vue'

const after: ColumnInfo[] = [
  { name: 'person_id', semantic: 'id_card', label: '公民身份号码' },
  { name: 'effective_date', semantic: 'date', label: '判决生效日期' },
]

function mounted(problems: Problem[]) {
  const state = reactive<BuilderState>(
    fromDocument({
      spec: 1, id: 'x', version: '1.0.0', name: '模型', area: 'criminal', line: 'civil', kind: 'collision', risk: 'low',
      inputs: { j: { fields: { person_id: 'id_card', effective_date: 'date' } } },
      steps: [{ from: 'j' }],
      lead: { subject: { type: 'person', key: 'person_id' }, title: 't', evidence: ['person_id'] },
    }),
  )
  const placed = computed(() => placeProblems(problems, fieldKeys(state)))
  const context: BuilderContext = {
    state,
    problemsAt: (key) => placed.value.at[key] ?? [],
    columnsBefore: (index) => (index > 0 ? after : []),
    inputColumns: () => after,
    semanticAt: (_index, column) => after.find((c) => c.name === column)?.semantic ?? null,
    finalColumns: computed(() => after),
    parameterNames: computed(() => ['grace_days']),
    datasets: ref([]),
    stepRows: (index) => (index === 0 ? 120 : null),
    showRows: () => undefined,
  }
  const wrapper = mount(StepsEditor, { global: { plugins: [ElementPlus], provide: { [BUILDER as symbol]: context } } })
  return { wrapper, state }
}

describe('steps editor', () => {
  it('offers the nine kinds and appends a step with its form', async () => {
    const { wrapper, state } = mounted([])
    for (const { kind } of STEP_KINDS) expect(wrapper.find(`[data-test="add-${kind}"]`).exists()).toBe(true)
    expect(wrapper.find('[data-test="step-rows-0"]').text()).toBe('120')
    await wrapper.find('[data-test="add-filter"]').trigger('click')
    await flushPromises()
    expect(state.steps.map((s) => s.kind)).toEqual(['from', 'filter'])
    expect(wrapper.find('[data-test="step-1"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="cond-column-1-0"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="cond-op-1-0"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="step-rows-1"]').text()).toBe('—')
    await wrapper.find('[data-test="add-anti_join"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="join-left-2-0"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="join-key-add-2"]').exists()).toBe(true)
    await wrapper.find('[data-test="step-remove-1"]').trigger('click')
    expect(state.steps.map((s) => s.kind)).toEqual(['from', 'anti_join'])
  })

  it('shows each problem under the field it concerns', async () => {
    const { wrapper } = mounted([
      { path: 'steps.0.from', message: '没有输入 `k`', part: 'k' },
      { path: 'steps.0', message: '这一步有问题', part: '' },
    ])
    await flushPromises()
    const shown = wrapper.findAll('[data-test="problem"]').map((node) => node.text())
    expect(shown).toEqual(['没有输入 `k`', '这一步有问题'])
    expect(wrapper.find('[data-test="problem"] mark').text()).toBe('k')
  })
})
