import type { LessonKind } from '#db/schema.ts'

export type CourseProgress = 'not_started' | 'in_progress' | 'completed'

export const progressLabels: Record<CourseProgress, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
}

export const lessonKindLabels: Record<LessonKind, string> = {
  text: 'Reading',
  video: 'Video',
  pdf: 'PDF',
  quiz: 'Quiz',
}

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })

export function formatTrainingDate(value: Date | string): string {
  return dateFormat.format(new Date(value))
}

export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`
}
