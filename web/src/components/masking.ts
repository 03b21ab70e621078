/**
 * How the console shows values: masked ones (with `*` from the API's masking) are recognised,
 * empty ones shown as 「—」, booleans as 是/否, lists joined. Owns display rules only; masking
 * itself is the API's.
 */
export function isMasked(value: unknown): boolean {
  return typeof value === 'string' && /\*{2,}|＊/.test(value)
}

export function shownValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (Array.isArray(value)) return value.map(shownValue).join('、')
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}
