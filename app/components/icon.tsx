import type { IconName } from './navigation.ts'

const paths: Record<IconName, string> = {
  home: 'M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z',
  team: 'M16 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6M8 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6m0 2c-2.7 0-6 1.3-6 4v2h12v-2c0-2.7-3.3-4-6-4m8 0c-.3 0-.6 0-1 .1 1.2.9 2 2.1 2 3.9v2h5v-2c0-2.7-3.3-4-6-4',
  building: 'M4 21V4a1 1 0 0 1 1-1h9a1 1 0 0 1 1 1v4h4a1 1 0 0 1 1 1v12zM8 7h2m-2 4h2m-2 4h2m5-3h2m-2 4h2',
  history: 'M12 7v5l3 2M3.5 12A8.5 8.5 0 1 0 6 6M3 3v4h4',
  mail: 'M3 6h18v12H3zm0 0 9 7 9-7',
  deal: 'M4 7h16v12H4zm5 0V5h6v2m-11 5h16',
}

export function Icon({ name, className = 'size-5' }: { name: IconName; className?: string }) {
  return (
    <svg className={className} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={paths[name]} />
    </svg>
  )
}
