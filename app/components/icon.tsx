import type { IconName } from './navigation.ts'

const paths: Record<IconName, string> = {
  home: 'M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z',
  team: 'M16 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6M8 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6m0 2c-2.7 0-6 1.3-6 4v2h12v-2c0-2.7-3.3-4-6-4m8 0c-.3 0-.6 0-1 .1 1.2.9 2 2.1 2 3.9v2h5v-2c0-2.7-3.3-4-6-4',
  building: 'M4 21V4a1 1 0 0 1 1-1h9a1 1 0 0 1 1 1v4h4a1 1 0 0 1 1 1v12zM8 7h2m-2 4h2m-2 4h2m5-3h2m-2 4h2',
  history: 'M12 7v5l3 2M3.5 12A8.5 8.5 0 1 0 6 6M3 3v4h4',
  mail: 'M3 6h18v12H3zm0 0 9 7 9-7',
  deal: 'M4 7h16v12H4zm5 0V5h6v2m-11 5h16',
  box: 'M3 7.5 12 3l9 4.5v9L12 21l-9-4.5zm0 0L12 12l9-4.5M12 12v9',
  target: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18m0-4a5 5 0 1 0 0-10 5 5 0 0 0 0 10m0-4a1 1 0 1 0 0-2 1 1 0 0 0 0 2',
  settings: 'M4 6h9m4 0h3M4 12h3m4 0h9M4 18h11m4 0h1M15 4v4M9 10v4M17 16v4',
  bell: 'M6 16V11a6 6 0 1 1 12 0v5l2 2H4zm4 4h4',
  list: 'M8 6h12M8 12h12M8 18h12M4 6h.01M4 12h.01M4 18h.01',
  more: 'M5 12h.01M12 12h.01M19 12h.01',
  percent: 'M19 5 5 19M7.5 9a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3m9 9a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3',
  key: 'M14 10a4 4 0 1 0-3.9 4H11v2h2v2h2v2h4v-3l-5.2-5.2A4 4 0 0 0 14 10m-4-1h.01',
  payout: 'M3 6h18v12H3zm9 3a3 3 0 1 0 0 6 3 3 0 0 0 0-6M6 9v.01M18 15v.01',
  support: 'M4 14v-2a8 8 0 1 1 16 0v2M4 14h3v5H5a1 1 0 0 1-1-1zm16 0h-3v5h2a1 1 0 0 0 1-1zm-3 5c0 1-2 2-5 2',
  calendar: 'M4 6h16v14H4zm0 4h16M8 3v4m8-4v4',
  training: 'M2 9l10-5 10 5-10 5zm4 2v5c3 2 9 2 12 0v-5M22 9v6',
  chart: 'M4 20V10m6 10V4m6 16v-7m4 7H2',
  content: 'M6 3h8l4 4v14H6zm8 0v4h4M9 12h6M9 16h6',
  search: 'M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14m5-2 5 5',
  tier: 'M12 3l2.6 5.3 5.9.9-4.3 4.1 1 5.8L12 16.4 6.8 19.1l1-5.8-4.3-4.1 5.9-.9z',
}

export function Icon({ name, className = 'size-5' }: { name: IconName; className?: string }) {
  return (
    <svg className={className} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={paths[name]} />
    </svg>
  )
}
