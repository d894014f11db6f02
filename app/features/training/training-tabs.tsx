import { Link } from '@remix-run/react'

type Tab = 'catalogue' | 'certifications' | 'team'

/** The training surface's sections; the team's progress only for those who may see it. */
export function TrainingTabs({ current, seesTeam }: { current: Tab; seesTeam: boolean }) {
  const tabs: { id: Tab; to: string; label: string }[] = [
    { id: 'catalogue', to: '/training', label: 'Courses' },
    { id: 'certifications', to: '/training/certifications', label: 'Certifications' },
    ...(seesTeam ? [{ id: 'team' as const, to: '/training/team', label: 'Team progress' }] : []),
  ]
  return (
    <nav aria-label="Training sections" className="flex gap-1 overflow-x-auto border-b border-slate-200">
      {tabs.map((tab) => (
        <Link
          key={tab.id}
          to={tab.to}
          aria-current={tab.id === current ? 'page' : undefined}
          className={`inline-flex min-h-11 shrink-0 items-center border-b-2 px-3 text-sm font-medium ${tab.id === current ? 'border-brand text-brand-text' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  )
}
