import { Link } from '@remix-run/react'
import { formatDay } from './agreement-view.tsx'
import type { ChecklistStep, OnboardingStatus, StepKey } from './checklist.server.ts'

export const stepTitles: Record<StepKey, string> = {
  agreement: 'Accept the partner agreement',
  profile: 'Complete the company profile',
  colleagues: 'Invite your colleagues',
  course: 'Finish the onboarding course',
  deal: 'Register your first deal',
}

function StepMark({ done }: { done: boolean }) {
  return (
    <span aria-hidden="true" className={`mt-0.5 inline-flex size-6 shrink-0 items-center justify-center rounded-full border-2 text-sm font-bold ${done ? 'border-green-700 bg-green-700 text-white' : 'border-slate-400 bg-white text-transparent'}`}>
      ✓
    </span>
  )
}

/** The home page's onboarding checklist: each open step links to where it is done, for a role that may do it. */
export function OnboardingChecklist({ checklist }: { checklist: { doneCount: number; total: number; steps: ChecklistStep[] } }) {
  return (
    <section aria-labelledby="onboarding-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="onboarding-heading" className="text-lg font-semibold">Get your organization started</h2>
        <p id="onboarding-progress" className="text-sm font-medium text-slate-700">{checklist.doneCount} of {checklist.total} done</p>
      </div>
      <progress value={checklist.doneCount} max={checklist.total} aria-labelledby="onboarding-progress" className="h-2 w-full overflow-hidden rounded-full accent-green-700" />
      <ol className="divide-y divide-slate-200" aria-label="Onboarding steps">
        {checklist.steps.map((step) => (
          <li key={step.key} className="flex gap-3 py-2">
            <StepMark done={step.done} />
            <div className="min-w-0">
              <p className={`font-medium break-words ${step.done ? 'text-slate-600 line-through' : ''}`}>
                {step.href ? <Link to={step.href} className="text-brand-text underline">{stepTitles[step.key]}</Link> : stepTitles[step.key]}
                <span className="sr-only">{step.done ? ' (done)' : ' (to do)'}</span>
              </p>
              {step.detail ? <p className="text-sm break-words text-slate-600">{step.detail}</p> : null}
            </div>
          </li>
        ))}
      </ol>
    </section>
  )
}

/** After onboarding: a newer agreement version waits for the partner admin's acceptance. */
export function AgreementPrompt({ version }: { version: number }) {
  return (
    <section aria-labelledby="agreement-prompt-heading" className="flex flex-wrap items-center justify-between gap-3 rounded-lg border-l-4 border-amber-600 bg-amber-50 p-4 text-amber-950">
      <div className="min-w-0">
        <h2 id="agreement-prompt-heading" className="font-semibold">A new partner agreement needs your acceptance</h2>
        <p className="text-sm">Version {version} was published. Read it and accept it on behalf of your organization.</p>
      </div>
      <Link to="/agreement" className="inline-flex min-h-11 items-center rounded-md border border-amber-700 bg-white px-4 text-sm font-semibold text-amber-950 underline">
        Read version {version}
      </Link>
    </section>
  )
}

/** The vendor's view of a partner's onboarding: the checklist's state, the agreement and the time to first action. */
export function OnboardingSummary({ status }: { status: OnboardingStatus }) {
  const { agreement } = status
  return (
    <section aria-labelledby="onboarding-summary-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="onboarding-summary-heading" className="text-lg font-semibold">Onboarding</h2>
        <Link to="/admin/agreements" className="text-sm font-medium text-brand-text underline">Agreement versions</Link>
      </div>
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
        <dt className="text-slate-600">Account created</dt>
        <dd>{formatDay(status.createdAt)}</dd>
        <dt className="text-slate-600">First action</dt>
        <dd>
          {status.firstActionAt
            ? `${formatDay(status.firstActionAt)}: ${status.daysToFirstAction} ${status.daysToFirstAction === 1 ? 'day' : 'days'} after the account was created`
            : `Not yet: ${status.daysWithoutAction} ${status.daysWithoutAction === 1 ? 'day' : 'days'} since the account was created`}
        </dd>
        <dt className="text-slate-600">Partner agreement</dt>
        <dd>
          {agreement.latestVersion === null
            ? 'No agreement published yet'
            : agreement.latestAccepted && agreement.acceptedAt
              ? `Version ${agreement.acceptedVersion} accepted by ${agreement.acceptedBy} on ${formatDay(agreement.acceptedAt)}`
              : `Version ${agreement.latestVersion} not accepted yet${agreement.acceptedVersion ? ` (version ${agreement.acceptedVersion} accepted by ${agreement.acceptedBy})` : ''}`}
        </dd>
        <dt className="text-slate-600">Checklist</dt>
        <dd>{status.complete ? 'Complete' : `${status.doneCount} of ${status.steps.length} steps done`}</dd>
      </dl>
      <ul className="mt-2 space-y-1 text-sm" aria-label="Onboarding steps">
        {status.steps.map((step) => (
          <li key={step.key} className="flex items-start gap-2">
            <StepMark done={step.done} />
            <span>{stepTitles[step.key]}<span className="text-slate-600">{step.done ? ': done' : ': not yet'}</span></span>
          </li>
        ))}
      </ul>
    </section>
  )
}
