/**
 * The paging words of C2's list wrappers. Every list is paged, filtered and sorted by the
 * server: a wrapper sends the query as it is (filters, `sort`) with `page` and `size` always
 * present, so that the route answers `{items, total, page, size}` rather than the plain list
 * it keeps for older clients. Must not fetch, filter, sort or slice rows itself; the list
 * state is the shared `usePagedList` (components/).
 */
import type { Query } from '@/api/client'

export const DEFAULT_SIZE = 20

/** `query` with page 1 and `DEFAULT_SIZE` rows filled in when absent (or not positive). */
export function paged(query: Query): Query {
  const page = Number(query.page)
  const size = Number(query.size)
  return {
    ...query,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    size: Number.isInteger(size) && size > 0 ? size : DEFAULT_SIZE,
  }
}
