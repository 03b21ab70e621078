import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import type { Highlight } from '@/api/documents'
import HighlightedText from '@/views/documents/HighlightedText'

function render(text: string, highlights: Highlight[]) {
  return mount(HighlightedText, { props: { text, highlights }, attachTo: document.body })
}

describe('HighlightedText', () => {
  it('marks each passage with its field class and Chinese label, nesting the name in its paragraph', () => {
    const text = '被告人张三，男，1980年1月1日出生。'
    const highlights: Highlight[] = [
      { field: 'person', label: '人员段落', start: 0, end: text.length - 1, defendant_no: 1 },
      { field: 'name', label: '姓名', start: 3, end: 5, defendant_no: 1 },
    ]
    const wrapper = render(text, highlights)
    const name = wrapper.get('mark.hl-name')
    expect(name.text()).toBe('张三')
    expect(name.attributes('title')).toBe('姓名（第 1 人）')
    expect(name.element.parentElement?.classList.contains('hl-person')).toBe(true)
    expect(wrapper.findAll('mark.hl-person').map((m) => m.attributes('data-span'))).toEqual(['0', '0', '0'])
    expect(wrapper.get('[data-test="document-text"]').text()).toBe(text)
    wrapper.unmount()
  })

  it('renders a text that looks like HTML as text, never as markup', () => {
    const text = '<img src=x onerror="window.hit=1"><script>window.hit=2</script>被告人<b>李四</b>'
    const at = text.indexOf('<b>')
    const wrapper = render(text, [{ field: 'name', label: '<i>姓名</i>', start: at, end: at + 9 }])
    const root = wrapper.get('[data-test="document-text"]').element
    expect(root.querySelector('img, script, b, i')).toBeNull()
    expect(root.textContent).toBe(text)
    expect(wrapper.get('mark').text()).toBe('<b>李四</b>')
    expect(wrapper.get('mark').attributes('title')).toBe('<i>姓名</i>')
    wrapper.unmount()
  })

  it('focus flashes every piece of the chosen passage and reports a passage it cannot show', async () => {
    const text = 'abcdefgh'
    const wrapper = render(text, [
      { field: 'charges', label: '罪名', start: 0, end: 4 },
      { field: 'sentence', label: '判项', start: 2, end: 7 },
    ])
    const view = wrapper.vm as unknown as { focus: (index: number) => Promise<boolean> }
    expect(await view.focus(1)).toBe(true)
    await wrapper.vm.$nextTick()
    const flashing = wrapper.findAll('mark.flash')
    expect(flashing.map((m) => m.attributes('data-field'))).toEqual(['sentence', 'sentence'])
    expect(flashing.map((m) => m.text()).join('')).toBe('cdefg')
    expect(await view.focus(5)).toBe(false)
    wrapper.unmount()
  })
})
