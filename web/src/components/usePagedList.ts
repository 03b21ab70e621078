/**
 * Server-side paged, filtered and sorted lists for el-table + el-pagination: holds page, size,
 * sort and filters, fetches through the given loader and keeps items and total. Owns the list
 * state only; `PagedTable.vue` renders the table and pager wired to it, each page its columns.
 */
import { reactive, ref, type Ref } from 'vue'
import type { Page, Query } from '@/api/client'
import { showError } from '@/components/errors'

export interface PagedList<T, F extends Query> {
  items: Ref<T[]>
  total: Ref<number>
  /** Whether `total` is the exact count (false: the API counted up to it and stopped). */
  exact: Ref<boolean>
  loading: Ref<boolean>
  page: Ref<number>
  size: Ref<number>
  sort: Ref<string>
  filters: F
  load: () => Promise<void>
  search: () => Promise<void>
  /** Back to the initial filters, then page 1. */
  reset: () => Promise<void>
  /** Handler for el-table's sort-change: `{prop, order}` → `prop` / `-prop`. */
  onSort: (change: { prop: string | null; order: string | null }) => Promise<void>
}

/** `{prop, order}` of el-table → the API's sort (`-` prefix for descending); default if none. */
export function sortParam(prop: string | null, order: string | null, fallback: string): string {
  if (!prop || !order) return fallback
  return order === 'descending' ? `-${prop}` : prop
}

/** The pager's count: "共 N 条" as el-pagination's own `total` says it, or "more than N" when
 * the API stopped counting there (the pagers put this in their `slot`). */
export function totalText(total: number, exact: boolean): string {
  return exact ? `共 ${total} 条` : `超过 ${total} 条，请缩小检索范围`
}

export function usePagedList<T, F extends Query>(
  loader: (query: Query) => Promise<Page<T>>,
  initial: F,
  options: { size?: number; sort?: string; onLoaded?: (items: T[]) => void } = {},
): PagedList<T, F> {
  const items = ref<T[]>([]) as Ref<T[]>
  const total = ref(0)
  const exact = ref(true)
  const loading = ref(false)
  const page = ref(1)
  const size = ref(options.size ?? 20)
  const defaultSort = options.sort ?? '-id'
  const sort = ref(defaultSort)
  const filters = reactive({ ...initial }) as F
  let ticket = 0

  async function load(): Promise<void> {
    const mine = ++ticket
    loading.value = true
    try {
      const answer = await loader({ ...filters, page: page.value, size: size.value, sort: sort.value })
      if (mine !== ticket) return // a newer request superseded this one
      items.value = answer.items
      total.value = answer.total
      exact.value = answer.total_exact ?? true
      options.onLoaded?.(answer.items)
    } catch (error) {
      if (mine === ticket) showError(error, '加载失败')
    } finally {
      if (mine === ticket) loading.value = false
    }
  }

  async function search(): Promise<void> {
    page.value = 1
    await load()
  }

  async function reset(): Promise<void> {
    Object.assign(filters, initial)
    await search()
  }

  async function onSort(change: { prop: string | null; order: string | null }): Promise<void> {
    sort.value = sortParam(change.prop, change.order, defaultSort)
    await search()
  }

  return { items, total, exact, loading, page, size, sort, filters, load, search, reset, onSort }
}
