/**
 * The console's one HTTP client: every call to /api goes through here.
 * Owns: same-origin cookie credentials, the CSRF header (X-CSRF-Token from cookie jiancha_csrf)
 * on state-changing requests, JSON encoding, turning the API's {error, hint} body into ApiError,
 * the redirect to /login on 401 and to /password when the first password must be changed,
 * and blob downloads. Must not know any page or route other than those two redirects.
 */

export type QueryValue = string | number | boolean | null | undefined | Array<string | number>
export type Query = Record<string, QueryValue>

export const CSRF_COOKIE = 'jiancha_csrf'
export const CSRF_HEADER = 'X-CSRF-Token'
export const MUST_CHANGE_PASSWORD = '首次登录须修改密码'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** An error answered by the API (or the network), with its Chinese message. */
export class ApiError extends Error {
  readonly status: number
  readonly hint: string | null
  readonly fields: string[]

  constructor(status: number, message: string, hint: string | null = null, fields: string[] = []) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.hint = hint
    this.fields = fields
  }
}

export interface ClientHooks {
  /** Called on 401 (except for the sign-in request itself) with the page to come back to. */
  onUnauthorized: (next: string) => void
  /** Called when the API answers that the first password must be changed. */
  onPasswordChange: () => void
}

function currentPath(): string {
  return window.location.pathname + window.location.search
}

const hooks: ClientHooks = {
  onUnauthorized: (next) => {
    if (window.location.pathname !== '/login') {
      window.location.assign(`/login?next=${encodeURIComponent(next)}`)
    }
  },
  onPasswordChange: () => {
    if (window.location.pathname !== '/password') window.location.assign('/password')
  },
}

/** Replace the redirect hooks (main.ts routes them through vue-router). */
export function configureClient(custom: Partial<ClientHooks>): void {
  Object.assign(hooks, custom)
}

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return decodeURIComponent(rest.join('='))
  }
  return null
}

/** `/api` + path + query string; arrays repeat the key, empty values are left out. */
export function buildUrl(path: string, query?: Query): string {
  const url = path.startsWith('/api') ? path : `/api${path.startsWith('/') ? '' : '/'}${path}`
  if (!query) return url
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value)) value.forEach((item) => params.append(key, String(item)))
    else params.append(key, String(value))
  }
  const text = params.toString()
  return text ? `${url}?${text}` : url
}

async function errorFrom(response: Response): Promise<ApiError> {
  let message = `请求失败（HTTP ${response.status}）`
  let hint: string | null = null
  let fields: string[] = []
  try {
    const body: unknown = await response.json()
    if (body && typeof body === 'object') {
      const data = body as { error?: unknown; hint?: unknown; fields?: unknown; detail?: unknown }
      if (typeof data.error === 'string') message = data.error
      else if (typeof data.detail === 'string') message = data.detail
      if (typeof data.hint === 'string') hint = data.hint
      if (Array.isArray(data.fields)) fields = data.fields.map(String)
    }
  } catch {
    if (response.status === 429) message = '登录失败次数过多，请稍后再试'
  }
  return new ApiError(response.status, message, hint, fields)
}

async function send(method: string, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  headers.set('Accept', 'application/json')
  if (!SAFE_METHODS.has(method)) {
    const csrf = readCookie(CSRF_COOKIE)
    if (csrf) headers.set(CSRF_HEADER, csrf)
  }
  let response: Response
  try {
    response = await fetch(path, { ...init, method, headers, credentials: 'same-origin' })
  } catch {
    throw new ApiError(0, '无法连接服务器，请检查网络后重试')
  }
  if (response.ok) return response
  const error = await errorFrom(response)
  if (response.status === 401 && !path.startsWith('/api/login')) {
    hooks.onUnauthorized(currentPath())
  } else if (response.status === 403 && error.message === MUST_CHANGE_PASSWORD) {
    hooks.onPasswordChange()
  }
  throw error
}

async function json<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T
  const text = await response.text()
  return (text ? JSON.parse(text) : undefined) as T
}

function withBody(method: string) {
  return async <T>(path: string, body?: unknown, query?: Query): Promise<T> => {
    const init: RequestInit =
      body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }
    return json<T>(await send(method, buildUrl(path, query), init))
  }
}

/** The file name of a download: RFC 5987 filename* first, then filename. */
export function dispositionName(header: string | null, fallback: string): string {
  if (!header) return fallback
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header)
  if (star?.[1]) return decodeURIComponent(star[1].trim())
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header)
  return plain?.[1] ? plain[1].trim() : fallback
}

function save(blob: Blob, name: string): void {
  const href = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = href
  link.download = name
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(href), 1000)
}

export const api = {
  async get<T>(path: string, query?: Query): Promise<T> {
    return json<T>(await send('GET', buildUrl(path, query)))
  },
  post: withBody('POST'),
  put: withBody('PUT'),
  patch: withBody('PATCH'),
  delete: withBody('DELETE'),
  /** POST a multipart form (file uploads); the browser sets the boundary. */
  async upload<T>(path: string, form: FormData, query?: Query): Promise<T> {
    return json<T>(await send('POST', buildUrl(path, query), { body: form }))
  },
  /** GET a file and save it under the server's file name; returns that name. */
  async download(path: string, query?: Query, fallback = '下载文件'): Promise<string> {
    const response = await send('GET', buildUrl(path, query))
    const name = dispositionName(response.headers.get('Content-Disposition'), fallback)
    save(await response.blob(), name)
    return name
  },
}

/** A paged list as the API returns it. */
export interface Page<T> {
  items: T[]
  total: number
  /** False when the API stopped counting (a title search over 1,000 leads): `total` is "at least". */
  total_exact?: boolean
  page: number
  size: number
}
