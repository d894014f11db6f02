export type BarDatum = { label: string; value: number; display: string }

// viewBox units: the SVG scales to its container, so at 390 px one unit is a little under one pixel.
// The label sits above its bar rather than beside it, leaving the whole width to both.
const width = 360
const rowHeight = 40
const barHeight = 14
const labelBaseline = 14
const barTop = 20
const maxLabelChars = 38

function truncate(text: string, max: number) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/** Bar length in viewBox units: proportional to the largest value (or `floor`, if larger), negatives drawn as empty. */
export function barWidths(values: number[], full = width, floor = 0) {
  const max = Math.max(0, floor, ...values)
  return values.map((value) => (max === 0 ? 0 : (Math.max(0, value) / max) * full))
}

/** A reference value drawn as a dashed line across the bars (a program target). */
export type ChartTarget = { value: number; label: string }

function summarise(title: string, data: BarDatum[], unit?: string, target?: ChartTarget) {
  const top = data.reduce((best, d) => (d.value > best.value ? d : best), data[0]!)
  const unitText = unit ? ` in ${unit}` : ''
  const targetText = target ? ` ${target.label}: ${data.filter((d) => d.value >= target.value).length} of ${data.length} reach it.` : ''
  return `${title}${unitText}: ${data.length} ${data.length === 1 ? 'bar' : 'bars'}, highest ${top.label} at ${top.display}.${targetText} The figures are in the table that follows.`
}

/**
 * A horizontal bar chart drawn in plain SVG (docs/decisions/010-charts.md), with the same figures in a
 * table that keyboard and screen-reader users can open.
 */
export function BarChart({ title, caption, data, unit, target }: { title: string; caption?: string; data: BarDatum[]; unit?: string; target?: ChartTarget }) {
  const height = data.length * rowHeight
  const values = data.map((d) => d.value)
  const widths = barWidths(values, width, target?.value)
  const targetX = target ? barWidths([target.value], width, Math.max(...values))[0]! : null
  return (
    <figure className="min-w-0 rounded-lg border border-slate-200 bg-white p-4">
      <figcaption>
        <span className="block font-semibold">{title}</span>
        {caption ? <span className="block text-sm text-slate-600">{caption}</span> : null}
      </figcaption>
      {data.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600">No figures to show yet.</p>
      ) : (
        <>
          <svg role="img" aria-label={summarise(title, data, unit, target)} viewBox={`0 0 ${width} ${height}`} className="mt-3 block h-auto w-full" preserveAspectRatio="xMinYMin meet">
            {data.map((d, i) => (
              <g key={`${d.label}-${i}`} transform={`translate(0 ${i * rowHeight})`} aria-hidden="true">
                <title>{`${d.label}: ${d.display}`}</title>
                <text x={0} y={labelBaseline} className="fill-slate-700" fontSize={12}>{truncate(d.label, maxLabelChars)}</text>
                <text x={width} y={labelBaseline} textAnchor="end" className="fill-slate-900" fontSize={12} fontWeight={600}>{d.display}</text>
                <rect x={0} y={barTop} width={width} height={barHeight} rx={3} className="fill-slate-100" />
                <rect data-bar="" x={0} y={barTop} width={Number(widths[i]!.toFixed(2))} height={barHeight} rx={3} className="fill-brand" />
              </g>
            ))}
            {targetX !== null ? (
              <line data-target="" x1={targetX} x2={targetX} y1={barTop - 4} y2={height} strokeDasharray="4 3" strokeWidth={1.5} className="stroke-slate-900" aria-hidden="true" />
            ) : null}
          </svg>
          {target ? <p className="mt-1 text-xs text-slate-600">Dashed line: {target.label}</p> : null}
          <details className="mt-2 text-sm">
            <summary className="cursor-pointer text-brand-text underline">Show as a table</summary>
            <div className="mt-2 overflow-x-auto">
              <table className="w-full text-left">
                <caption className="sr-only">{title}</caption>
                <thead>
                  <tr className="border-b border-slate-200">
                    <th scope="col" className="py-1 pr-4 font-medium">Item</th>
                    <th scope="col" className="py-1 text-right font-medium">{unit ? `Value (${unit})` : 'Value'}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.map((d, i) => (
                    <tr key={`${d.label}-${i}`} className="border-b border-slate-100">
                      <th scope="row" className="py-1 pr-4 font-normal">{d.label}</th>
                      <td className="py-1 text-right tabular-nums">{d.display}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </figure>
  )
}
