/**
 * The API's password rules checked in the browser, so the form can say what is wrong beside
 * the field before sending (the API checks them again). Owns only `passwordProblem`.
 */
export function passwordProblem(value: string, username: string, old: string): string | null {
  if (!value) return '请输入新密码'
  if (value.length < 10) return '新密码至少 10 位'
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(value))
  if (classes.length < 3) return '须含小写字母、大写字母、数字、符号中的至少三类'
  if (value === username) return '新密码不能与用户名相同'
  if (value === old) return '新密码不能与原密码相同'
  return null
}
