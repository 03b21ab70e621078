import { describe, expect, it } from 'vitest'
import type { ExplanationStep } from '@/api/leads'
import { documentLinks, inputDataset } from '@/views/documents/leadLinks'

const explanation: ExplanationStep[] = [
  { step: 1, kind: 'from', text: '逐条审查刑事判决', rows: [{ input: 'j', dataset: '判决书2024', row: 3 }] },
  { step: 2, kind: 'join', text: '关联起诉书', rows: [{ input: 'i', dataset: '起诉书2024', row: 7 }] },
]

describe('lead evidence → document links', () => {
  it('links the first input’s 文书编号 to its dataset, defendant and passage', () => {
    const links = documentLinks({
      evidence: { document_id: 'J-001', defendant_no: 2, name: '张＊', sentence_passage: '判处…', term_months: 40 },
      explanation,
    })
    expect(links).toEqual({
      document_id: {
        name: 'document',
        params: { id: 'J-001' },
        query: { dataset: '判决书2024', defendant: '2', field: 'sentence_passage' },
      },
    })
  })

  it('links a joined input’s 文书编号 through its own dataset and its own fields', () => {
    const links = documentLinks({
      evidence: { document_id: 'J-1', 'i.document_id': 'I-9', 'i.defendant_no': 1, 'i.recommendation_passage': 'x' },
      explanation,
    })
    expect(links['i.document_id']).toEqual({
      name: 'document',
      params: { id: 'I-9' },
      query: { dataset: '起诉书2024', defendant: '1', field: 'recommendation_passage' },
    })
    expect(links.document_id).toEqual({ name: 'document', params: { id: 'J-1' }, query: { dataset: '判决书2024' } })
  })

  it('recognises a field the dataset names 文书编号 and skips empty values and other fields', () => {
    const links = documentLinks({
      evidence: { doc_no: 'P-3', document_id: null, case_no: '（2024）X刑初1号' },
      labels: { doc_no: '文书编号', case_no: '案号' },
      bindings: { r: { dataset: '起诉意见书', fields: {} } },
    })
    expect(Object.keys(links)).toEqual(['doc_no'])
    expect(links.doc_no).toEqual({ name: 'document', params: { id: 'P-3' }, query: { dataset: '起诉意见书' } })
  })

  it('without 人员序号 passes the masked name so that the page can find the defendant', () => {
    const links = documentLinks({
      evidence: {
        document_id: 'I-1',
        'r.document_id': 'R-1',
        name: '梁**',
        charge_passage: '…',
        'r.charge_passage': '…',
      },
      bindings: { i: { dataset: '起诉书', fields: {} }, r: { dataset: '起诉意见书', fields: {} } },
    })
    expect(links['r.document_id']).toEqual({
      name: 'document',
      params: { id: 'R-1' },
      query: { dataset: '起诉意见书', person: '梁**', field: 'charge_passage' },
    })
    expect(links.document_id).toMatchObject({ query: { person: '梁**', field: 'charge_passage' } })
  })

  it('prefers the masked 公民身份号码 to the name as the hint', () => {
    const links = documentLinks({
      evidence: { document_id: 'J-3', name: '张**', id_number: '330621********1875', sentence_passage: '***' },
      explanation,
    })
    expect(links.document_id).toMatchObject({
      query: { dataset: '判决书2024', person: '330621********1875', field: 'sentence_passage' },
    })
  })

  it('gives each document of a 三书比对 lead its own 人员序号, not the masked hint', () => {
    const links = documentLinks({
      evidence: {
        document_id: 'I-1',
        defendant_no: 1,
        'r.document_id': 'R-1',
        'r.defendant_no': 2,
        'j.document_id': 'J-1',
        'j.defendant_no': 3,
        name: '梁**',
        id_number: '330621********1875',
        'r.charge_passage': '…',
        charge_passage: '…',
        'j.charge_passage': '…',
      },
      bindings: {
        i: { dataset: '起诉书', fields: {} },
        r: { dataset: '起诉意见书', fields: {} },
        j: { dataset: '判决书', fields: {} },
      },
    })
    const query = (key: string) => (links[key] as { query: Record<string, string> }).query
    expect([query('r.document_id'), query('j.document_id')]).toEqual([
      { dataset: '起诉意见书', defendant: '2', field: 'charge_passage' },
      { dataset: '判决书', defendant: '3', field: 'charge_passage' },
    ])
    expect(query('document_id')).toMatchObject({ defendant: '1', field: 'charge_passage' })
    expect(query('document_id')).not.toHaveProperty('person')
  })

  it('does not lend the first document’s 人员序号 to a joined one without its own', () => {
    const links = documentLinks({
      evidence: { document_id: 'J-1', defendant_no: 2, 'i.document_id': 'I-1', 'i.defendant_no': null, name: '张**' },
      explanation,
    })
    expect(links['i.document_id']).toEqual({
      name: 'document',
      params: { id: 'I-1' },
      query: { dataset: '起诉书2024', person: '张**', field: 'person_passage' },
    })
  })

  it('opens the person paragraph when only the defendant is known', () => {
    const links = documentLinks({ evidence: { document_id: 'J-2', defendant_no: '1' }, explanation })
    expect(links.document_id).toMatchObject({ query: { defendant: '1', field: 'person_passage' } })
  })
})

describe('inputDataset', () => {
  it('prefers the explanation rows, then the bindings, then the evidence', () => {
    const bindings = { j: { dataset: '旧判决', fields: {} }, p: { dataset: '收押', fields: {} } }
    expect(inputDataset({ evidence: {}, explanation, bindings }, 'j')).toBe('判决书2024')
    expect(inputDataset({ evidence: {}, bindings }, 'p')).toBe('收押')
    expect(inputDataset({ evidence: {}, bindings }, null)).toBeNull()
    expect(inputDataset({ evidence: { dataset: '文书集' }, bindings }, null)).toBe('文书集')
  })
})
