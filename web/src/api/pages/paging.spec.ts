import { afterEach, describe, expect, it, vi } from 'vitest'
import { paged } from './paging'
import { listAlerts, listAudit } from './admin'
import { listDatasets, listGrants, listRequests } from './data'
import { listModels } from './models'

afterEach(() => vi.unstubAllGlobals())

/** Stubs the network with one server page and records the URLs asked for. */
function serverPage(body: unknown): string[] {
  const urls: string[] = []
  vi.stubGlobal('fetch', async (url: string) => {
    urls.push(url)
    return new Response(JSON.stringify(body), { status: 200 })
  })
  return urls
}

function params(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url, 'http://console').searchParams)
}

describe('paging words', () => {
  it('always asks for a page, so the server answers one', () => {
    expect(paged({ q: '刑事' })).toEqual({ q: '刑事', page: 1, size: 20 })
    expect(paged({ page: 3, size: 50, sort: '-id' })).toEqual({ page: 3, size: 50, sort: '-id' })
    expect(paged({ page: 0, size: 'x' })).toMatchObject({ page: 1, size: 20 })
  })
})

describe('list wrappers leave paging, filters and sorting to the server', () => {
  const page = { items: [{ id: 7 }], total: 41, page: 3, size: 20 }

  it.each([
    ['/api/access-requests', listRequests, { status: 'pending', dataset: '判决', requester: 'ann', q: '核对' }],
    ['/api/grants', listGrants, { active: 'true', grantee: 'bob', dataset: '收押', q: '' }],
    ['/api/alerts', listAlerts, { open_only: true, user: 'pat', kind: 'circuit_breaker', q: 'pat' }],
    ['/api/audit', listAudit, { action: 'export', actor: 'ann', result: 'refused', from: '2024-03-01', to: '2024-03-02', q: '导出' }],
    ['/api/datasets', listDatasets, { q: '判决', classification: 'sensitive' }],
    ['/api/models', listModels, { q: '羁押', risk: 'high' }],
  ] as const)('%s', async (path, list, filters) => {
    const urls = serverPage(page)
    const answer = await list({ ...filters, page: 3, size: 20, sort: '-id' })
    expect(answer).toEqual(page) // the server's total, not a count of the rows it sent
    expect(urls).toHaveLength(1)
    expect(urls[0]!.split('?')[0]).toBe(path)
    const sent = params(urls[0]!)
    expect(sent).toMatchObject({ page: '3', size: '20', sort: '-id' })
    for (const [key, value] of Object.entries(filters)) {
      if (value === '') expect(sent).not.toHaveProperty(key)
      else expect(sent[key]).toBe(String(value))
    }
    expect(sent).not.toHaveProperty('limit')
  })

  it('asks for the first page when the caller names none', async () => {
    const urls = serverPage({ items: [], total: 0, page: 1, size: 20 })
    await listAudit({ actor: 'ann' })
    expect(params(urls[0]!)).toMatchObject({ actor: 'ann', page: '1', size: '20' })
  })
})
