/**
 * Dates as the API takes them: YYYY-MM-DD in China time (the API checks dates against the
 * Beijing day, whatever the browser's zone). Owns only these helpers.
 */
export function today(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now)
}

/** An ISO timestamp shown to the minute. */
export function minute(text: string | null | undefined): string {
  return text ? text.replace('T', ' ').slice(0, 16) : '—'
}
