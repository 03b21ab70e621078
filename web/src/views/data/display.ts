/**
 * How the data pages show values: classification tag colours, dates in China time, quality
 * ratios. Pure helpers shared by the data views; must not call the API.
 */
type TagType = 'success' | 'info' | 'warning' | 'danger' | 'primary'

export function classificationType(code: string): TagType {
  return ({ public: 'success', internal: 'info', sensitive: 'warning', core: 'danger' } as Record<string, TagType>)[code] ?? 'info'
}

/** An ISO time as 北京时间 `YYYY-MM-DD HH:mm` (a naive time is taken as UTC, as stored). */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const zoned = /[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}Z`
  const date = new Date(zoned)
  if (Number.isNaN(date.getTime())) return iso
  const china = new Date(date.getTime() + 8 * 3600 * 1000)
  return china.toISOString().slice(0, 16).replace('T', ' ')
}

/** `n` of `total` as a percentage with one decimal (— when total is 0). */
export function share(n: number, total: number): string {
  if (!total) return '—'
  return `${((n / total) * 100).toFixed(1)}%`
}
