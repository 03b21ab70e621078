import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import SchedulePanel from './SchedulePanel.vue'
import type { ModelDetail } from '@/api/pages/models'
import type { Schedule } from '@/api/pages/schedules'
import { useSession } from '@/stores/session'
import { blankDraft, describeCron, mayDelete, ofAdoption, toForm, whenText } from './schedules'

const MODEL = { id: 'custodial', name: '羁押', org: '632123', org_name: '某县院' } as ModelDetail

function schedule(id: number, extra: Partial<Schedule> = {}): Schedule {
  return {
    id,
    model: 'custodial',
    model_name: '羁押',
    office: '632123',
    office_name: '某县院',
    cron: '0 2 * * *',
    timezone: 'Asia/Shanghai',
    on_new_version: false,
    incremental: false,
    enabled: true,
    next_run_at: '2026-12-07T02:00:00+08:00',
    last_enqueued_at: null,
    last_job_id: null,
    created_by: 'demo',
    created_at: '2026-12-06T10:00:00+08:00',
    ...extra,
  }
}

interface Call {
  method: string
  url: string
  body: unknown
}

/** A fake /api/schedules: lists `listed`, answers POST with `created` (then listed too) or a
 * 400 `refused`. */
function serve(listed: Schedule[], answer: { created?: Schedule; refused?: string } = {}): Call[] {
  const calls: Call[] = []
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET'
    calls.push({ method, url, body: init.body ? JSON.parse(String(init.body)) : null })
    if (method === 'POST' && answer.refused) {
      return new Response(JSON.stringify({ error: answer.refused, hint: '应为 5 段' }), { status: 400 })
    }
    if (method === 'POST' && answer.created) listed.push(answer.created)
    const body = method === 'POST' ? answer.created : listed
    return new Response(JSON.stringify(body), { status: method === 'POST' ? 201 : 200 })
  })
  return calls
}

function signIn(role: string, permissions: string[], username = 'demo'): void {
  useSession().user = {
    username,
    display_name: username,
    role,
    role_label: role,
    org: '632123',
    must_change_password: false,
    permissions,
  }
}

function render() {
  return mount(SchedulePanel, {
    props: { model: MODEL },
    global: { plugins: [ElementPlus], stubs: { RouterLink: { template: '<a><slot /></a>' } } },
    attachTo: document.body,
  })
}

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('schedule helpers', () => {
  it('describes cron expressions in Chinese and 即时', () => {
    expect(describeCron('0 3 * * 1')).toContain('星期一')
    expect(describeCron('0 3 * * 1')).toContain('03:00')
    expect(describeCron('30 8 * * 1-5')).toContain('星期五')
    expect(describeCron('61 2 * * *')).toBeNull()
    expect(whenText({ cron: null, on_new_version: true })).toBe('即时（输入数据有新版本时）')
    expect(whenText({ cron: '0 2 1 * *', on_new_version: true })).toMatch(/1 号.*；即时/)
  })

  it('builds the request, or says what is missing', () => {
    const draft = blankDraft()
    expect(toForm('m', draft)).toEqual({ model: 'm', cron: '0 2 * * *', on_new_version: false, incremental: false })
    expect(toForm('m', { ...draft, preset: 'custom', cron: ' ' })).toBe('请填写定时表达式')
    expect(toForm('m', { ...draft, preset: 'none' })).toBe('请选择运行时间，或勾选“即时”')
    expect(toForm('m', { ...draft, preset: 'none', onNewVersion: true })).toMatchObject({ cron: null, on_new_version: true })
  })

  it("keeps the adoption's schedules and says who may remove one", () => {
    const all = [schedule(1), schedule(2, { office: '330106' }), schedule(3, { model: 'other' })]
    expect(ofAdoption(all, 'custodial', '632123').map((s) => s.id)).toEqual([1])
    expect(mayDelete(schedule(1), { username: 'demo', role: 'prosecutor' })).toBe(true)
    expect(mayDelete(schedule(1), { username: 'zhang', role: 'prosecutor' })).toBe(false)
    expect(mayDelete(schedule(1), { username: 'chief', role: 'admin' })).toBe(true)
    expect(mayDelete(schedule(1), null)).toBe(false)
  })
})

describe('定时运行 section', () => {
  it("lists the adoption's schedules, without buttons for who may not schedule", async () => {
    signIn('auditor', ['models.read'], 'audit')
    serve([schedule(1, { on_new_version: true }), schedule(2, { model: 'other' })])
    const wrapper = render()
    await flushPromises()
    expect(wrapper.findAll('[data-test="schedule-when"]').map((w) => w.text())).toEqual([
      '在02:00；即时（输入数据有新版本时）',
    ])
    expect(wrapper.get('[data-test="schedule-cron"]').text()).toBe('0 2 * * *')
    expect(wrapper.get('[data-test="schedule-next"]').text()).toBe('2026-12-07 02:00')
    expect(wrapper.find('[data-test="schedule-new"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="schedule-delete"]').exists()).toBe(false)
  })

  it('creates one from a preset for the adoption shown, then lists it', async () => {
    signIn('prosecutor', ['models.read', 'models.run'])
    const made = schedule(7, { cron: '0 3 * * 1', incremental: true })
    const calls = serve([], { created: made })
    const wrapper = render()
    await flushPromises()
    expect(wrapper.find('[data-test="schedule-delete"]').exists()).toBe(false)
    await wrapper.get('[data-test="schedule-new"]').trigger('click')
    await flushPromises()
    const dialog = document.querySelector('[data-test="schedule-dialog"]')!
    const weekly = [...dialog.querySelectorAll('label')].find((l) => l.textContent?.includes('每周一 3:00'))!
    weekly.querySelector('input')!.click()
    ;[...dialog.querySelectorAll('label')]
      .find((l) => l.textContent?.includes('只处理新增的数据'))!
      .querySelector('input')!
      .click()
    await flushPromises()
    expect(dialog.querySelector('[data-test="schedule-described"]')!.textContent).toContain('星期一')
    ;(dialog.querySelector('[data-test="schedule-save"]') as HTMLButtonElement).click()
    await flushPromises()
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { model: 'custodial', cron: '0 3 * * 1', on_new_version: false, incremental: true },
    ])
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/schedules',
      'POST /api/schedules?org=632123',
      'GET /api/schedules',
    ])
    expect(wrapper.findAll('[data-test="schedule-cron"]').map((c) => c.text())).toEqual(['0 3 * * 1'])
    expect(wrapper.find('[data-test="schedule-delete"]').exists()).toBe(true)
  })

  it("shows the API's refusal of a typed expression in the form", async () => {
    signIn('prosecutor', ['models.read', 'models.run'])
    const calls = serve([], { refused: '定时表达式“61 2 * * *”无效' })
    const wrapper = render()
    await flushPromises()
    await wrapper.get('[data-test="schedule-new"]').trigger('click')
    await flushPromises()
    const dialog = document.querySelector('[data-test="schedule-dialog"]')!
    ;[...dialog.querySelectorAll('label')].find((l) => l.textContent?.includes('自定义'))!.querySelector('input')!.click()
    await flushPromises()
    const input = dialog.querySelector('input[data-test="schedule-cron-input"]') as HTMLInputElement
    input.value = '61 2 * * *'
    input.dispatchEvent(new Event('input'))
    await flushPromises()
    expect(dialog.querySelector('[data-test="schedule-described"]')!.textContent).toBe('无法解读该表达式')
    ;(dialog.querySelector('[data-test="schedule-save"]') as HTMLButtonElement).click()
    await flushPromises()
    const [post] = calls.filter((c) => c.method === 'POST')
    expect(post).toEqual({
      method: 'POST',
      url: '/api/schedules?org=632123',
      body: { model: 'custodial', cron: '61 2 * * *', on_new_version: false, incremental: false },
    })
    expect(dialog.querySelector('[data-test="schedule-refusal"]')!.textContent).toContain(
      '定时表达式“61 2 * * *”无效（应为 5 段）',
    )
  })
})
