/**
 * Showing an API error to the user: the API's Chinese message (and hint) in ElMessage.
 * Owns only this; pages decide what to do after the message.
 */
import { ElMessage } from 'element-plus'
import { ApiError } from '@/api/client'

export const CONFLICT_MESSAGE = '线索已被他人更新，请刷新后重试'

/** The message to show for an error thrown by the client (or anything else). */
export function errorText(error: unknown, fallback = '操作失败'): string {
  if (error instanceof ApiError) return error.hint ? `${error.message}（${error.hint}）` : error.message
  if (error instanceof Error && error.message) return error.message
  return fallback
}

export function showError(error: unknown, fallback = '操作失败'): void {
  if (error instanceof ApiError && error.status === 401) return // the client redirects
  ElMessage.error({ message: errorText(error, fallback), duration: 5000 })
}
