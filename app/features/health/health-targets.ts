/** The program's health targets and definitions, shared by the metrics and the page that shows them. */
export const weekCount = 12
/** A healthy program has more than this share of its partners active each week. */
export const activeShareTarget = 0.6
/** New partners should act (submit a first deal registration) within this many days. */
export const firstActionTargetDays = 7
/** A partner with no sign-in for more than this many days has churned. */
export const churnDays = 90
