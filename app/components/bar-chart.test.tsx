import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { BarChart } from './bar-chart.tsx'

const data = [
  { label: 'Gold', value: 40, display: '40 partners' },
  { label: 'Silver', value: 20, display: '20 partners' },
  { label: 'Registered', value: 10, display: '10 partners' },
]

function tableOf(html: string) {
  return html.slice(html.indexOf('<table'), html.indexOf('</table>'))
}

describe('BarChart', () => {
  it('lists every label and figure in the table alternative', () => {
    const html = renderToString(<BarChart title="Partners by tier" data={data} unit="partners" />)
    const table = tableOf(html)
    for (const d of data) {
      expect(table).toContain(`>${d.label}</th>`)
      expect(table).toContain(`>${d.display}</td>`)
    }
    expect(html).toContain('<summary')
    expect(html).toMatch(/role="img" aria-label="Partners by tier in partners: 3 bars, highest Gold at 40 partners/)
  })

  it('draws bars proportional to their values', () => {
    const html = renderToString(<BarChart title="Partners by tier" data={data} />)
    const widths = [...html.matchAll(/<rect data-bar="" [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]))
    expect(widths).toHaveLength(3)
    expect(widths[0]! / widths[1]!).toBeCloseTo(2)
    expect(widths[0]! / widths[2]!).toBeCloseTo(4)
  })

  it('shows an empty state without a chart', () => {
    const html = renderToString(<BarChart title="Bookings" data={[]} />)
    expect(html).toContain('No figures to show yet.')
    expect(html).not.toContain('<svg')
  })
})

describe('BarChart with a target', () => {
  it('scales the bars to the target when every value is below it and draws the target line', () => {
    const shares = [{ label: 'Week 1', value: 30, display: '30%' }, { label: 'Week 2', value: 45, display: '45%' }]
    const html = renderToString(<BarChart title="Active partners" data={shares} target={{ value: 60, label: 'Target 60%' }} />)
    const widths = [...html.matchAll(/<rect data-bar="" [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]))
    expect(widths).toEqual([180, 270])
    expect(html).toMatch(/<line data-target="" x1="360" x2="360"/)
    expect(html).toContain('Target 60%: 0 of 2 reach it.')
  })

  it('places the target line in proportion when a value passes it', () => {
    const shares = [{ label: 'Week 1', value: 80, display: '80%' }, { label: 'Week 2', value: 40, display: '40%' }]
    const html = renderToString(<BarChart title="Active partners" data={shares} target={{ value: 60, label: 'Target 60%' }} />)
    expect(html).toMatch(/<line data-target="" x1="270" x2="270"/)
    expect(html).toContain('Target 60%: 1 of 2 reach it.')
  })
})
