/**
 * Validation as one types: ~300 ms after the last change the document and its bindings go to
 * POST /api/builder/compose; the newest answer wins (an older one arriving late is dropped).
 * Keeps the columns after each step from the answers (so a step that breaks for a moment does
 * not empty the column selects of the steps after it). Owns this composable only.
 */
import { onBeforeUnmount, ref, watch, type Ref } from 'vue'
import { compose, type Bindings, type BuilderDocument, type ColumnInfo, type Composed } from '@/api/pages/builder'
import { errorText } from '@/components/errors'

export const DEBOUNCE_MS = 300

export interface Composer {
  composed: Ref<Composed | null>
  pending: Ref<boolean>
  error: Ref<string>
  /** Columns after step i, from the newest answer that had that step. */
  after: Ref<ColumnInfo[][]>
  schedule: () => void
  /** Forget the kept columns (a new model was opened). */
  reset: () => void
}

export function useCompose(source: () => { document: BuilderDocument; bindings: Bindings }, watched: object): Composer {
  const composed = ref<Composed | null>(null)
  const pending = ref(false)
  const error = ref('')
  const after = ref<ColumnInfo[][]>([])
  let timer: ReturnType<typeof setTimeout> | null = null
  let sequence = 0
  let again = false

  function schedule(): void {
    pending.value = true
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => void run(), DEBOUNCE_MS)
  }

  async function run(): Promise<void> {
    timer = null
    const mine = (sequence += 1)
    const sent = source()
    try {
      const answer = await compose(sent.document, sent.bindings)
      if (mine !== sequence) return
      composed.value = answer
      error.value = ''
      const kept = [...after.value]
      for (const step of answer.steps) kept[step.index] = step.columns
      after.value = kept
      // values are typed by the columns' semantic types, which this answer may have taught us
      if (!again && JSON.stringify(source().document) !== JSON.stringify(sent.document)) {
        again = true
        schedule()
        return
      }
      again = false
    } catch (failure) {
      if (mine === sequence) error.value = errorText(failure, '无法校验模型')
    } finally {
      if (mine === sequence && !timer) pending.value = false
    }
  }

  function reset(): void {
    after.value = []
    composed.value = null
  }

  watch(watched, schedule, { deep: true })
  onBeforeUnmount(() => {
    if (timer) clearTimeout(timer)
    sequence += 1
  })
  return { composed, pending, error, after, schedule, reset }
}
