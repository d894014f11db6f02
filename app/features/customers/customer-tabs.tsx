import { NavLink } from '@remix-run/react'

const tabs = [
  { to: '', label: 'Details', end: true },
  { to: 'contacts', label: 'Contacts' },
  { to: 'licences', label: 'Licences' },
  { to: 'documents', label: 'Documents' },
  { to: 'people', label: 'Portal access' },
]

/** The sections of one customer's pages; wraps on a phone rather than scrolling sideways. */
export function CustomerTabs({ customerId }: { customerId: string }) {
  return (
    <nav aria-label="Customer sections">
      <ul className="flex flex-wrap gap-2 border-b border-slate-200 pb-2">
        {tabs.map((tab) => (
          <li key={tab.label}>
            <NavLink
              to={`/customers/${customerId}${tab.to ? `/${tab.to}` : ''}`}
              end={tab.end}
              className={({ isActive }) => `inline-flex min-h-11 items-center rounded-md px-3 text-sm font-medium ${isActive ? 'bg-brand text-on-brand' : 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-50'}`}
            >
              {tab.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  )
}
