/**
 * The builder's Chinese names of the spec's enumerations: step kinds (the palette), operators,
 * operand kinds, lead subject types, anomaly methods, parameter types; and how a column is
 * named in a select (name plus Chinese label). Pure tables; must not call the API.
 */
import type { Op } from '@/api/pages/builder'

export type StepKind =
  | 'from'
  | 'filter'
  | 'join'
  | 'anti_join'
  | 'semi_join'
  | 'derive'
  | 'aggregate'
  | 'anomaly'
  | 'select'

export const JOIN_KINDS = ['join', 'anti_join', 'semi_join'] as const
export type JoinKind = (typeof JOIN_KINDS)[number]

/** The palette, in the order a model is usually written. */
export const STEP_KINDS: { kind: StepKind; label: string; hint: string }[] = [
  { kind: 'from', label: '起点', hint: '从一个输入开始' },
  { kind: 'filter', label: '筛选', hint: '只保留满足条件的行' },
  { kind: 'join', label: '关联', hint: '关联另一个输入，其列记为「输入.列」' },
  { kind: 'anti_join', label: '比对不存在', hint: '保留在另一个输入中找不到的行' },
  { kind: 'semi_join', label: '比对存在', hint: '保留在另一个输入中找得到的行' },
  { kind: 'derive', label: '计算', hint: '增加计算出的列' },
  { kind: 'aggregate', label: '汇总', hint: '按列分组统计（画像）' },
  { kind: 'anomaly', label: '异常', hint: '找出明显偏离同组的行' },
  { kind: 'select', label: '选择列', hint: '只保留这些列' },
]

export const STEP_LABELS: Record<StepKind, string> = Object.fromEntries(
  STEP_KINDS.map((item) => [item.kind, item.label]),
) as Record<StepKind, string>

export const OPERATORS: { op: Op; label: string }[] = [
  { op: '=', label: '等于' },
  { op: '!=', label: '不等于' },
  { op: '>', label: '大于' },
  { op: '>=', label: '大于等于' },
  { op: '<', label: '小于' },
  { op: '<=', label: '小于等于' },
  { op: 'between', label: '介于' },
  { op: 'in', label: '属于' },
  { op: 'not_in', label: '不属于' },
  { op: 'contains', label: '包含' },
  { op: 'not_contains', label: '不包含' },
  { op: 'is_null', label: '为空' },
  { op: 'not_null', label: '不为空' },
  { op: 'is_true', label: '为真' },
  { op: 'is_false', label: '为假' },
]

export const OP_LABELS: Record<Op, string> = Object.fromEntries(
  OPERATORS.map((item) => [item.op, item.label]),
) as Record<Op, string>

export type OperandKind = 'value' | 'param' | 'column' | 'days_before_today'

export const OPERAND_LABELS: Record<OperandKind, string> = {
  value: '值',
  param: '参数',
  column: '列',
  days_before_today: '今天之前 N 天',
}

/** Lead subject types as the schema allows them. */
export const SUBJECT_TYPES: { value: string; label: string }[] = [
  { value: 'person', label: '人员' },
  { value: 'company', label: '单位（企业）' },
  { value: 'case', label: '案件' },
  { value: 'vehicle', label: '车辆' },
  { value: 'org', label: '机关' },
  { value: 'other', label: '其他' },
]

export const ANOMALY_METHODS: { value: string; label: string }[] = [
  { value: 'zscore', label: '标准分（偏离均值的标准差倍数）' },
  { value: 'iqr', label: '四分位距（超出四分位距的倍数）' },
  { value: 'ratio', label: '比值（与同组中位数之比）' },
]

export const JOIN_TYPES: { value: 'inner' | 'left'; label: string }[] = [
  { value: 'inner', label: '只保留关联上的行' },
  { value: 'left', label: '保留全部行（关联不上的为空）' },
]

/** A column as a select shows it: its name, and its Chinese label when it has another. */
export function columnText(column: { name: string; label?: string | null }): string {
  const label = column.label?.trim()
  return label && label !== column.name ? `${column.name}（${label}）` : column.name
}
