import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, api, buildUrl, configureClient, dispositionName } from '@/api/client'

interface Sent {
  url: string
  init: RequestInit
}

let sent: Sent[] = []
let answer: () => Response

function reply(status: number, body: unknown): () => Response {
  return () =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const unauthorized = vi.fn()
const passwordChange = vi.fn()

beforeEach(() => {
  sent = []
  answer = reply(200, { ok: true })
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    sent.push({ url, init })
    return answer()
  })
  document.cookie = 'jiancha_csrf=token%2Babc; path=/'
  unauthorized.mockReset()
  passwordChange.mockReset()
  configureClient({ onUnauthorized: unauthorized, onPasswordChange: passwordChange })
})

afterEach(() => {
  vi.unstubAllGlobals()
  document.cookie = 'jiancha_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
})

function header(index: number, name: string): string | null {
  return new Headers(sent[index]!.init.headers).get(name)
}

describe('api client', () => {
  it('sends the CSRF token from the cookie on state-changing requests only', async () => {
    await api.post('/leads/1/comments', { text: '好' })
    await api.get('/leads')
    expect(header(0, 'X-CSRF-Token')).toBe('token+abc')
    expect(header(0, 'Content-Type')).toBe('application/json')
    expect(sent[0]!.init.body).toBe(JSON.stringify({ text: '好' }))
    expect(sent[0]!.init.credentials).toBe('same-origin')
    expect(header(1, 'X-CSRF-Token')).toBeNull()
    expect(sent[1]!.init.credentials).toBe('same-origin')
  })

  it('builds /api URLs with the query, leaving empty values out', () => {
    expect(buildUrl('/leads', { status: 'new', q: '', page: 2, model: undefined })).toBe(
      '/api/leads?status=new&page=2',
    )
    expect(buildUrl('/api/x', { a: ['1', '2'] })).toBe('/api/x?a=1&a=2')
  })

  it("throws ApiError with the API's Chinese message and hint", async () => {
    answer = reply(409, { error: '线索当前为已分派（assigned）', hint: '请刷新' })
    const error = await api.post('/leads/1/moves', { to: 'assigned' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(409)
    expect((error as ApiError).message).toBe('线索当前为已分派（assigned）')
    expect((error as ApiError).hint).toBe('请刷新')
    expect(unauthorized).not.toHaveBeenCalled()
  })

  it('goes to the sign-in page on 401, with the page to come back to', async () => {
    window.history.pushState({}, '', '/leads/7?x=1')
    answer = reply(401, { error: '未登录或登录已过期，请先登录' })
    await expect(api.get('/leads/7')).rejects.toBeInstanceOf(ApiError)
    expect(unauthorized).toHaveBeenCalledWith('/leads/7?x=1')
  })

  it('does not redirect when the sign-in itself is refused', async () => {
    answer = reply(401, { error: '用户名或密码错误' })
    const error = await api.post('/login', { username: 'a', password: 'b' }).catch((e) => e)
    expect((error as ApiError).message).toBe('用户名或密码错误')
    expect(unauthorized).not.toHaveBeenCalled()
  })

  it('goes to the password page when the first password must be changed', async () => {
    answer = reply(403, { error: '首次登录须修改密码', hint: '请先修改密码' })
    await expect(api.get('/leads')).rejects.toBeInstanceOf(ApiError)
    expect(passwordChange).toHaveBeenCalledOnce()
    answer = reply(403, { error: '无权进行此操作' })
    await expect(api.get('/leads')).rejects.toBeInstanceOf(ApiError)
    expect(passwordChange).toHaveBeenCalledOnce()
  })

  it('reads the UTF-8 file name of a download', () => {
    const header = `attachment; filename="lead-1.docx"; filename*=UTF-8''${encodeURIComponent('线索1-检察建议书.docx')}`
    expect(dispositionName(header, 'x')).toBe('线索1-检察建议书.docx')
    expect(dispositionName('attachment; filename="a.csv"', 'x')).toBe('a.csv')
    expect(dispositionName(null, 'fallback.bin')).toBe('fallback.bin')
  })
})
