import { describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus, { ElTableColumn } from 'element-plus'
import { h } from 'vue'
import type { Query } from '@/api/client'
import PagedTable from '@/components/PagedTable.vue'
import { usePagedList } from '@/components/usePagedList'

describe('PagedTable', () => {
  it('puts attributes on the table, shows the rows and total, and reloads on a page change', async () => {
    const queries: Query[] = []
    const list = usePagedList<{ name: string }, { q: string }>(
      async (q) => {
        queries.push(q)
        return { items: [{ name: '户籍人口' }], total: 45, page: Number(q.page), size: Number(q.size) }
      },
      { q: '' },
    )
    await list.load()
    const wrapper = mount(PagedTable, {
      props: { list, pageSizes: [10, 20] },
      attrs: { 'data-test': 'demo-table', 'row-key': 'name' },
      slots: { default: () => h(ElTableColumn, { prop: 'name', label: '数据集' }) },
      global: { plugins: [ElementPlus] },
    })
    await flushPromises()
    const table = wrapper.find('[data-test="demo-table"]')
    expect(table.classes()).toContain('el-table')
    expect(wrapper.find('.pager .el-pagination__total').text()).toContain('45')
    expect(wrapper.find('.el-table__body').text()).toContain('户籍人口')
    expect(wrapper.find('.el-pagination__sizes').exists()).toBe(true)
    await wrapper.find('.el-pager li:nth-child(2)').trigger('click')
    await flushPromises()
    expect(queries.at(-1)?.page).toBe(2)
  })

  it('says "more than" when the API stopped counting, and "共 N 条" again when it did not', async () => {
    let exact = false
    const list = usePagedList<{ name: string }, { q: string }>(
      async (q) => ({ items: [{ name: '缓刑' }], total: 10000, total_exact: exact, page: Number(q.page), size: Number(q.size) }),
      { q: '缓刑' },
    )
    await list.load()
    const wrapper = mount(PagedTable, {
      props: { list },
      slots: { default: () => h(ElTableColumn, { prop: 'name', label: '标题' }) },
      global: { plugins: [ElementPlus] },
    })
    await flushPromises()
    expect(list.exact.value).toBe(false)
    expect(wrapper.find('.pager .el-pagination__total').text()).toBe('超过 10000 条，请缩小检索范围')
    exact = true
    await list.load()
    await flushPromises()
    expect(wrapper.find('.pager .el-pagination__total').text()).toBe('共 10000 条')
  })
})
