import { describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createMemoryHistory, createRouter } from 'vue-router'
import EvidenceTable from '@/views/leads/EvidenceTable.vue'
import { documentLinks } from '@/views/documents/leadLinks'

const Empty = { template: '<div />' }

describe('lead evidence 文书编号 link', () => {
  it('links the 文书编号 value to the document page at its passage, other values stay text', async () => {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', component: Empty },
        { path: '/documents/:id', name: 'document', component: Empty },
      ],
    })
    await router.push('/')
    const evidence = { document_id: 'J/2024-7', defendant_no: 1, sentence_passage: '判处有期徒刑三年' }
    const explanation = [{ step: 1, kind: 'from', text: '', rows: [{ input: 'j', dataset: '判决书' }] }]
    const wrapper = mount(EvidenceTable, {
      props: {
        evidence,
        labels: { document_id: '文书编号', defendant_no: '人员序号', sentence_passage: '判项段落' },
        links: documentLinks({ evidence, explanation }),
      },
      global: { plugins: [ElementPlus, router] },
      attachTo: document.body,
    })
    await flushPromises()
    const links = wrapper.findAll('[data-test="evidence-document"]')
    expect(links.map((l) => l.text())).toEqual(['J/2024-7'])
    const href = new URL(links[0]!.attributes('href')!, 'http://x')
    expect(href.pathname).toBe('/documents/J%2F2024-7')
    expect(Object.fromEntries(href.searchParams)).toEqual({
      dataset: '判决书',
      defendant: '1',
      field: 'sentence_passage',
    })
    expect(wrapper.findAll('a')).toHaveLength(1)
    wrapper.unmount()
  })
})
