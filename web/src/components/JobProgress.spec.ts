import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import JobProgress from '@/components/JobProgress.vue'

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('job poller', () => {
  it('polls until the job finishes and emits done once', async () => {
    vi.useFakeTimers()
    const states = [
      { status: 'running', progress: { stage: '读取数据', rows_read: 250, fraction: 0.25 } },
      { status: 'running', progress: { stage: '写入线索', leads_written: 3, fraction: 0.75 } },
      { status: 'succeeded', progress: {}, result: { leads: 3 } },
    ]
    const urls: string[] = []
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url)
      const state = states[Math.min(urls.length - 1, states.length - 1)]
      return new Response(JSON.stringify({ id: 5, kind: 'run', title: '运行', error: null, result: null, ...state }), {
        status: 200,
      })
    })
    const wrapper = mount(JobProgress, { props: { jobId: 5 }, global: { plugins: [ElementPlus] } })
    await flushPromises()
    expect(wrapper.vm.percent).toBe(25)
    expect(wrapper.text()).toContain('读取数据')
    await vi.advanceTimersByTimeAsync(700)
    await flushPromises()
    expect(wrapper.vm.percent).toBe(75)
    expect(wrapper.text()).toContain('写入线索')
    await vi.advanceTimersByTimeAsync(700)
    await flushPromises()
    expect(wrapper.emitted('done')).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(3000)
    expect(urls).toEqual(['/api/jobs/5', '/api/jobs/5', '/api/jobs/5'])
    wrapper.unmount()
  })

  it("emits failed with the job's Chinese error", async () => {
    vi.stubGlobal('fetch', async () =>
      new Response(JSON.stringify({ id: 6, status: 'failed', progress: {}, error: '数据集不存在', result: null }), { status: 200 }),
    )
    const wrapper = mount(JobProgress, { props: { jobId: 6 }, global: { plugins: [ElementPlus] } })
    await flushPromises()
    expect(wrapper.emitted('failed')![0]![1]).toBe('数据集不存在')
    expect(wrapper.text()).toContain('数据集不存在')
  })
})
