import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import VerifyResult from './VerifyResult.vue'
import { describeCheck } from '@/api/pages/admin'

function render(check: Parameters<typeof describeCheck>[0]) {
  return mount(VerifyResult, { props: { check }, global: { plugins: [ElementPlus] } })
}

describe('audit verification result', () => {
  it('says the trail is intact, with its number of entries', () => {
    const wrapper = render({ entries: 1234, intact: true, problems: [] })
    const alert = wrapper.get('[data-test="audit-verify-result"]')
    expect(alert.attributes('data-intact')).toBe('true')
    expect(alert.find('.el-alert--success').exists()).toBe(true)
    expect(wrapper.text()).toContain('留痕完整：共 1,234 条记录')
    expect(wrapper.findAll('li')).toHaveLength(0)
  })

  it('says where the chain is broken and lists every problem', () => {
    const wrapper = render({
      entries: 50,
      intact: false,
      problems: [
        { kind: 'changed', seq: 17, message: '第 17 条的内容与哈希不符：已被改动' },
        { kind: 'deleted', seq: 9, message: '第 9 条缺失：留痕被删除' },
      ],
    })
    const alert = wrapper.get('[data-test="audit-verify-result"]')
    expect(alert.attributes('data-intact')).toBe('false')
    expect(alert.find('.el-alert--error').exists()).toBe(true)
    expect(wrapper.text()).toContain('留痕已被破坏，自第 9 条起')
    expect(wrapper.text()).toContain('发现 2 处问题')
    expect(wrapper.findAll('li').map((li) => li.text())).toEqual([
      '第 17 条：第 17 条的内容与哈希不符：已被改动',
      '第 9 条：第 9 条缺失：留痕被删除',
    ])
  })

  it('reports a problem without an entry number as it is', () => {
    const shown = describeCheck({
      entries: 3,
      intact: false,
      problems: [{ kind: 'anchor', seq: null, message: '锚点文件无法读取' }],
    })
    expect(shown.title).toBe('留痕已被破坏：共 3 条记录，发现 1 处问题')
    expect(shown.lines).toEqual(['锚点文件无法读取'])
  })
})
