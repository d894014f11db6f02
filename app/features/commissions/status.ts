import type { CommissionStatus } from '#db/schema.ts'

export const commissionStatusLabels: Record<CommissionStatus, string> = {
  pending: 'On hold',
  approved: 'Ready to pay',
  scheduled: 'Scheduled',
  paid: 'Paid',
  reversed: 'Reversed',
}

export const commissionStatusLook: Record<CommissionStatus, string> = {
  pending: 'bg-amber-100 text-amber-900',
  approved: 'bg-blue-100 text-blue-900',
  scheduled: 'bg-indigo-100 text-indigo-900',
  paid: 'bg-green-100 text-green-900',
  reversed: 'bg-slate-200 text-slate-800',
}
