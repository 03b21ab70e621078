/**
 * Typed wrappers for sign-in, sign-out, the current user and the password change.
 * Owns only these four routes; the session state lives in stores/session.
 */
import { api } from '@/api/client'

export interface User {
  username: string
  display_name: string
  role: string
  role_label: string
  org: string | null
  org_name?: string | null
  must_change_password: boolean
  permissions?: string[]
}

export interface SessionOut {
  token: string
  expires_at: string
  user: User
  csrf_token: string | null
}

export const login = (username: string, password: string) =>
  api.post<SessionOut>('/login', { username, password })

export const logout = () => api.post<{ ok: boolean }>('/logout')

export const me = () => api.get<User>('/me')

export const changePassword = (old: string, next: string) =>
  api.post<SessionOut>('/password', { old, new: next })

/** The API's password rules, shown as hints on the change form. */
export const PASSWORD_RULES = [
  '至少 10 位',
  '含小写字母、大写字母、数字、符号中的至少三类',
  '不能与用户名或原密码相同',
]
