import { addDays } from 'date-fns'

/** Who a course is for; an empty list matches everyone. */
export interface Audience {
  partnerTypes: readonly string[]
  tierNames: readonly string[]
  roles: readonly string[]
  requirement: 'required' | 'optional'
  dueDays: number | null
}

export interface LearnerSegment {
  partnerType: string | null
  tierName: string
  role: string
  joinedAt: Date
}

/** Null: not for this learner. Required when any audience that matches requires it; due by the soonest of those. */
export interface CourseTarget {
  required: boolean
  dueAt: Date | null
}

const matchesList = (list: readonly string[], value: string | null) =>
  list.length === 0 || (value !== null && list.some((item) => item.toLowerCase() === value.toLowerCase()))

export function audienceMatches(audience: Audience, learner: LearnerSegment): boolean {
  return matchesList(audience.partnerTypes, learner.partnerType) && matchesList(audience.tierNames, learner.tierName) && matchesList(audience.roles, learner.role)
}

export function courseTarget(audiences: readonly Audience[], learner: LearnerSegment): CourseTarget | null {
  const matching = audiences.filter((audience) => audienceMatches(audience, learner))
  if (matching.length === 0) return null
  const dueDays = matching.flatMap((audience) => (audience.requirement === 'required' && audience.dueDays !== null ? [audience.dueDays] : []))
  if (dueDays.length === 0) return { required: false, dueAt: null }
  return { required: true, dueAt: addDays(learner.joinedAt, Math.min(...dueDays)) }
}
