import { describe, expect, it } from 'vitest'
import type { Page, Query } from '@/api/client'
import { sortParam, usePagedList } from '@/components/usePagedList'

/** A loader that records every query and answers one page of the given rows. */
function recorder(rows: string[]): { queries: Query[]; loader: (q: Query) => Promise<Page<string>> } {
  const queries: Query[] = []
  return {
    queries,
    loader: async (q: Query) => {
      queries.push(q)
      return { items: rows, total: rows.length, page: Number(q.page), size: Number(q.size) }
    },
  }
}

describe('usePagedList', () => {
  it('maps el-table sort changes to the API sort', () => {
    expect(sortParam('name', 'ascending', '-id')).toBe('name')
    expect(sortParam('name', 'descending', '-id')).toBe('-name')
    expect(sortParam(null, null, '-id')).toBe('-id')
  })

  it('reset restores the initial filters and goes back to page 1', async () => {
    const { queries, loader } = recorder(['a'])
    const list = usePagedList(loader, { q: '', kind: '' }, { sort: 'name', size: 10 })
    list.filters.q = '张'
    list.filters.kind = 'run'
    list.page.value = 3
    await list.load()
    expect(queries.at(-1)).toEqual({ q: '张', kind: 'run', page: 3, size: 10, sort: 'name' })
    await list.reset()
    expect(list.filters).toEqual({ q: '', kind: '' })
    expect(queries.at(-1)).toEqual({ q: '', kind: '', page: 1, size: 10, sort: 'name' })
  })

  it('hands every loaded page to onLoaded, sorted loads included', async () => {
    const seen: string[][] = []
    const { queries, loader } = recorder(['x', 'y'])
    const list = usePagedList(loader, { q: '' }, { onLoaded: (items) => seen.push(items) })
    await list.load()
    await list.onSort({ prop: 'at', order: 'descending' })
    expect(seen).toEqual([['x', 'y'], ['x', 'y']])
    expect(queries.at(-1)?.sort).toBe('-at')
    expect(list.items.value).toEqual(['x', 'y'])
  })
})
