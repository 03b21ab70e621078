/**
 * What the builder page shares with its parts (provide/inject): the state being edited, the
 * problems placed at each field, the columns visible before each step (from the last compose),
 * the catalogue datasets and the last preview's row counts. Owns the injection key only.
 */
import { inject, type ComputedRef, type InjectionKey, type Ref } from 'vue'
import type { BuilderDataset, ColumnInfo, Problem } from '@/api/pages/builder'
import type { BuilderState } from './document'

export interface BuilderContext {
  state: BuilderState
  problemsAt: (key: string) => Problem[]
  /** Columns available before step `index` (none before the first). */
  columnsBefore: (index: number) => ColumnInfo[]
  /** An input's fields, as `X.col` when `qualified`. */
  inputColumns: (name: string, qualified?: boolean) => ColumnInfo[]
  /** The semantic type of a column as step `index` sees it (its condition rows included). */
  semanticAt: (index: number, column: string) => string | null
  finalColumns: ComputedRef<ColumnInfo[]>
  parameterNames: ComputedRef<string[]>
  datasets: Ref<BuilderDataset[]>
  /** Rows after step `index` in the last preview, or null. */
  stepRows: (index: number) => number | null
  showRows: (index: number) => void
}

export const BUILDER: InjectionKey<BuilderContext> = Symbol('builder')

export function useBuilder(): BuilderContext {
  const context = inject(BUILDER)
  if (!context) throw new Error('构建器上下文缺失')
  return context
}

/** A test id as both attributes the console's tests may look for. */
export function tid(id: string): Record<string, string> {
  return { 'data-test': id, 'data-testid': id }
}
