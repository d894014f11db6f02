import { deflateRawSync, crc32 } from 'node:zlib'
import { Resvg } from '@resvg/resvg-js'
import type { Transaction } from 'kysely'
import PDFDocument from 'pdfkit'
import { winAnsiText } from '#app/features/commissions/statement-pdf.server.ts'
import { syncSearchIndex } from '#app/features/content/search/search-index.server.ts'
import { fileStorage } from '#app/features/storage/storage.server.ts'
import type { CobrandTemplate, ContentKind, DB, PartnerType, Region } from '../schema.ts'

/**
 * The demo content library: the Northwind catalogue's decks, battle cards,
 * pricing guides (the 2025 v1 superseded by the 2026 v2), data sheets, case
 * studies, videos, marketing assets and text assets, a few segmented ones, one
 * past its review date and one expired. Files are generated here (PDFs with
 * real, extractable text; an XLSX; PNG and SVG) and stored through the storage
 * interface; the extraction job reads the PDFs at start-up.
 */

interface DemoSection {
  heading: string
  paragraphs?: string[]
  bullets?: string[]
  /** Two-column rows: label, value. */
  rows?: [string, string][]
}

type DemoFile =
  | { kind: 'pdf'; name: string; heading: string; sections: DemoSection[]; slides?: boolean }
  | { kind: 'xlsx'; name: string }
  | { kind: 'logo-png'; name: string }
  | { kind: 'cobrand-pdf'; name: string; heading: string; sections: DemoSection[] }
  | { kind: 'cobrand-svg'; name: string }

type DemoVersionSource = { file: DemoFile } | { videoUrl: string } | { markdown: string }

interface DemoVersion {
  at: string
  note?: string
  source: DemoVersionSource
}

interface DemoItem {
  title: string
  summary: string
  kind: ContentKind
  productLines: string[]
  tags: string[]
  partnerTypes?: PartnerType[]
  minTierRank?: number
  regions?: Region[]
  languages?: string[]
  reviewBy?: string
  expiresOn?: string
  versions: DemoVersion[]
}

export interface DemoContentPartner {
  id: string
  slug: string
  admin: { name: string; email: string }
  salesRepId: string
}

const cloud = 'Cloud Platform'
const security = 'Security'
const networking = 'Networking'
const reviewNextYear = '2027-06-30'

const pricingRows = {
  [cloud]: {
    2025: [['Compute, general purpose (per vCPU-hour)', '$0.024'], ['Compute, memory optimized (per vCPU-hour)', '$0.031'], ['Object Storage (per GB-month)', '$0.021'], ['Object Storage egress within the region', 'Free'], ['Managed Kubernetes control plane', 'Free'], ['Managed Kubernetes worker node (4 vCPU, 16 GB, per hour)', '$0.112']],
    2026: [['Compute, general purpose (per vCPU-hour)', '$0.021'], ['Compute, memory optimized (per vCPU-hour)', '$0.028'], ['Object Storage (per GB-month)', '$0.018'], ['Object Storage egress within the region', 'Free'], ['Managed Kubernetes control plane', 'Free'], ['Managed Kubernetes worker node (4 vCPU, 16 GB, per hour)', '$0.098']],
  },
  [security]: {
    2025: [['Next-Gen Firewall NG-200 appliance', '$4,900'], ['Next-Gen Firewall NG-800 appliance', '$14,500'], ['Threat intelligence subscription (per appliance, per year)', '$1,400'], ['Endpoint Protection (per device, per year)', '$38'], ['Endpoint Protection with managed detection (per device, per year)', '$66']],
    2026: [['Next-Gen Firewall NG-200 appliance', '$4,700'], ['Next-Gen Firewall NG-800 appliance', '$13,900'], ['Threat intelligence subscription (per appliance, per year)', '$1,250'], ['Endpoint Protection (per device, per year)', '$36'], ['Endpoint Protection with managed detection (per device, per year)', '$59']],
  },
  [networking]: {
    2025: [['SD-WAN edge E-10 (branch, per month)', '$89'], ['SD-WAN edge E-50 (regional office, per month)', '$240'], ['SD-WAN orchestrator (per site, per month)', '$15'], ['Load Balancer (per instance-hour)', '$0.032'], ['Load Balancer data processed (per GB)', '$0.006']],
    2026: [['SD-WAN edge E-10 (branch, per month)', '$79'], ['SD-WAN edge E-50 (regional office, per month)', '$225'], ['SD-WAN orchestrator (per site, per month)', 'Included'], ['Load Balancer (per instance-hour)', '$0.029'], ['Load Balancer data processed (per GB)', '$0.005']],
  },
} satisfies Record<string, Record<2025 | 2026, [string, string][]>>

function pricingGuide(line: keyof typeof pricingRows, v1At: string, v2At: string): DemoItem {
  const slug = line.toLowerCase().replace(/[^a-z]+/g, '-')
  const version = (year: 2025 | 2026): DemoFile => ({
    kind: 'pdf',
    name: `${slug}-pricing-${year}.pdf`,
    heading: `${line} pricing guide ${year}`,
    sections: [
      { heading: `List prices ${year} (USD)`, rows: pricingRows[line][year] },
      { heading: 'Partner discounts', rows: [['Registered', 'List price'], ['Silver', '5% off list'], ['Gold', '10% off list'], ['Platinum', '15% off list']] },
      { heading: 'Terms', paragraphs: [`Prices are valid from 1 January ${year} until replaced. A registered deal keeps the price it was quoted at for its 90-day protection window. Annual commitments of 50,000 USD or more qualify for the deal desk's volume pricing.`] },
    ],
  })
  return {
    title: `${line} pricing guide`,
    summary: `List prices, partner discounts and quoting terms for ${line}. The 2026 edition replaces the 2025 one.`,
    kind: 'pricing_guide', productLines: [line], tags: ['pricing', 'price list', 'quote'], reviewBy: '2026-12-31',
    versions: [
      { at: v1At, note: 'Prices for 2025', source: { file: version(2025) } },
      { at: v2At, note: 'New prices for 2026', source: { file: version(2026) } },
    ],
  }
}

function pdf(name: string, heading: string, sections: DemoSection[], slides = false): DemoVersionSource {
  return { file: { kind: 'pdf', name, heading, sections, slides } }
}

const dataSheets: { product: string; line: string; at: string; facts: [string, string][]; text: string }[] = [
  { product: 'Compute', line: cloud, at: '2026-03-09T10:00:00Z', text: 'Virtual machines billed per second, in twelve regions, with live migration during maintenance.', facts: [['Sizes', '1 to 192 vCPUs, up to 3 TB memory'], ['Billing', 'Per second, one minute minimum'], ['SLA', '99.95% per instance, 99.99% across zones'], ['Regions', '12 regions in North America, EMEA and APAC']] },
  { product: 'Object Storage', line: cloud, at: '2026-02-16T10:00:00Z', text: 'S3-compatible object storage with no egress fees within the region and eleven nines of durability.', facts: [['API', 'S3-compatible, versioning, object lock'], ['Durability', '99.999999999%'], ['Egress', 'Free within the region'], ['Tiers', 'Standard, infrequent access, archive']] },
  { product: 'Managed Kubernetes', line: cloud, at: '2026-04-20T10:00:00Z', text: 'Certified Kubernetes with a free control plane, autoscaling node pools and one-click upgrades.', facts: [['Versions', 'The three latest Kubernetes minor releases'], ['Control plane', 'Free, highly available'], ['Nodes', 'Autoscaling pools of Compute instances'], ['Networking', 'Cilium, private clusters, load balancer integration']] },
  { product: 'Next-Gen Firewall', line: security, at: '2026-05-04T10:00:00Z', text: 'Application-aware firewall appliances with intrusion prevention, TLS inspection and threat intelligence updates every five minutes.', facts: [['Models', 'NG-200 (2 Gbps), NG-800 (10 Gbps)'], ['Inspection', 'Intrusion prevention, TLS inspection, URL filtering'], ['Management', 'Cloud console or on-premises manager'], ['High availability', 'Active-passive and active-active pairs']] },
  { product: 'Endpoint Protection', line: security, at: '2026-01-26T10:00:00Z', text: 'Endpoint detection and response for Windows, macOS and Linux with ransomware rollback.', facts: [['Platforms', 'Windows, macOS, Linux'], ['Detection', 'Behavioural engine, ransomware rollback'], ['Managed detection', '24/7 analysts (optional)'], ['Deployment', 'One agent, silent install through MDM']] },
  { product: 'SD-WAN', line: networking, at: '2026-06-15T10:00:00Z', text: 'Zero-touch SD-WAN edges that bring up encrypted tunnels on their own and steer traffic by application.', facts: [['Edges', 'E-10 (branch), E-50 (regional office)'], ['Provisioning', 'Zero touch: claim the device, the tunnel comes up'], ['Links', 'Up to four WAN links with application steering'], ['Security', 'Integrated Next-Gen Firewall policy']] },
  { product: 'Load Balancer', line: networking, at: '2026-07-06T10:00:00Z', text: 'Layer 4 and layer 7 load balancing with managed certificates and health checks.', facts: [['Layers', 'TCP, UDP, HTTP/2, gRPC'], ['Certificates', 'Managed TLS certificates, automatic renewal'], ['Health checks', 'Active checks every 5 seconds'], ['Scale', 'Up to 1 million connections per instance']] },
]

const demoItems: DemoItem[] = [
  pricingGuide(cloud, '2025-01-13T09:00:00Z', '2026-01-12T09:00:00Z'),
  pricingGuide(security, '2025-01-20T09:00:00Z', '2026-01-19T09:00:00Z'),
  pricingGuide(networking, '2025-02-03T09:00:00Z', '2026-02-02T09:00:00Z'),
  {
    title: 'Cloud Platform pitch deck', summary: 'The first-meeting deck: one bill for Compute, Object Storage and Managed Kubernetes, and what customers save on egress.',
    kind: 'pitch_deck', productLines: [cloud], tags: ['first meeting', 'egress', 'hyperscaler'], reviewBy: reviewNextYear,
    versions: [
      { at: '2026-02-09T09:00:00Z', source: pdf('cloud-platform-pitch-deck.pdf', 'Cloud Platform: one bill, no egress surprises', [
        { heading: 'The problem', bullets: ['Hyperscaler bills grow faster than usage', 'Egress fees are a third of many storage bills', 'Three vendors for compute, storage and containers'] },
        { heading: 'Northwind Cloud Platform', bullets: ['Compute billed per second', 'S3-compatible Object Storage, free egress within the region', 'Managed Kubernetes with a free control plane'] },
        { heading: 'Proof', paragraphs: ['A retailer moved 400 TB off a hyperscaler in one quarter and cut its storage bill by 40%.'] },
      ], true) },
      { at: '2026-09-14T09:00:00Z', note: 'New customer logos and the 2026 prices', source: pdf('cloud-platform-pitch-deck-q3.pdf', 'Cloud Platform: one bill, no egress surprises', [
        { heading: 'The problem', bullets: ['Hyperscaler bills grow faster than usage', 'Egress fees are a third of many storage bills', 'Three vendors for compute, storage and containers'] },
        { heading: 'Northwind Cloud Platform', bullets: ['Compute billed per second from $0.021 per vCPU-hour', 'S3-compatible Object Storage at $0.018 per GB-month, free egress within the region', 'Managed Kubernetes with a free control plane'] },
        { heading: 'Proof', paragraphs: ['A retailer moved 400 TB off a hyperscaler in one quarter and cut its storage bill by 40%. A logistics company runs 3,000 containers on Managed Kubernetes.'] },
      ], true) },
    ],
  },
  {
    title: 'Security pitch deck', summary: 'Next-Gen Firewall and Endpoint Protection for the mid-market: the risk, the platform, the price of doing nothing.',
    kind: 'pitch_deck', productLines: [security], tags: ['first meeting', 'ransomware', 'mid-market'], reviewBy: reviewNextYear,
    versions: [{ at: '2026-03-02T09:00:00Z', source: pdf('security-pitch-deck.pdf', 'Security for the mid-market', [
      { heading: 'The risk', bullets: ['Ransomware now targets companies of 200 to 2,000 people', 'The average recovery costs more than a year of protection', 'Nobody watches the firewall at night'] },
      { heading: 'The platform', bullets: ['Next-Gen Firewall with intrusion prevention and TLS inspection', 'Endpoint Protection with ransomware rollback', 'Optional managed detection, 24/7'] },
      { heading: 'Next step', paragraphs: ['Offer the free security assessment: a two-week firewall audit with a written report.'] },
    ], true) }],
  },
  {
    title: 'Networking pitch deck', summary: 'SD-WAN and Load Balancer: branch connectivity that provisions itself and applications that stay up.',
    kind: 'pitch_deck', productLines: [networking], tags: ['first meeting', 'branch', 'sd-wan'], reviewBy: reviewNextYear,
    versions: [{ at: '2026-04-06T09:00:00Z', source: pdf('networking-pitch-deck.pdf', 'Networking that sets itself up', [
      { heading: 'Branches are hard', bullets: ['MPLS contracts are slow and expensive', 'Every new site needs an engineer on site', 'Applications slow down when one link fails'] },
      { heading: 'SD-WAN', bullets: ['Zero-touch edges: plug in, the tunnel comes up', 'Application steering over up to four links', 'Firewall policy from the same console'] },
      { heading: 'Load Balancer', paragraphs: ['Layer 4 and 7 load balancing with managed certificates keeps the applications behind the branches available.'] },
    ], true) }],
  },
  {
    title: 'Cloud Platform vs. hyperscalers battle card', summary: 'How to win against the big three: egress, per-second billing, support that answers.',
    kind: 'battle_card', productLines: [cloud], tags: ['competition', 'hyperscaler', 'objections'], reviewBy: reviewNextYear,
    versions: [{ at: '2026-05-18T09:00:00Z', source: pdf('cloud-battle-card.pdf', 'Battle card: Cloud Platform vs. hyperscalers', [
      { heading: 'Where we win', bullets: ['Egress-heavy workloads: backups, media, analytics exports', 'Customers who want one predictable bill', 'Teams that need a human on the support line'] },
      { heading: 'Objections', rows: [['"The hyperscalers have more services."', 'Most customers use five; we run those five well and cheaper.'], ['"Migration is risky."', 'Our migration team moves the first workload for free.'], ['"You are smaller."', 'Twelve regions, 99.99% availability across zones, SOC 2 Type II.']] },
      { heading: 'Landmines to lay', bullets: ['Ask what they paid for egress last month', 'Ask how long support took to answer their last ticket'] },
    ]) }],
  },
  {
    title: 'Endpoint Protection battle card', summary: 'Against the legacy antivirus suites: detection, rollback and the managed option.',
    kind: 'battle_card', productLines: [security], tags: ['competition', 'antivirus', 'edr'],
    // Past its review date: the owner is reminded and the console's report lists it as stale.
    reviewBy: '2026-11-16',
    versions: [{ at: '2025-11-17T09:00:00Z', source: pdf('endpoint-battle-card.pdf', 'Battle card: Endpoint Protection vs. legacy antivirus', [
      { heading: 'Where we win', bullets: ['Customers hit by ransomware in the last two years', 'Mixed Windows, macOS and Linux fleets', 'IT teams without a night shift'] },
      { heading: 'Objections', rows: [['"Our antivirus is free with the licence."', 'It detects signatures; ransomware changes faster than signatures.'], ['"Another agent slows laptops."', 'One agent replaces two; under 2% CPU on average.']] },
    ]) }],
  },
  {
    title: 'SD-WAN vs. MPLS battle card', summary: 'Replacing MPLS circuits: cost per site, time to provision and failover.',
    kind: 'battle_card', productLines: [networking], tags: ['competition', 'mpls', 'branch'], reviewBy: reviewNextYear,
    versions: [{ at: '2026-08-03T09:00:00Z', source: pdf('sd-wan-battle-card.pdf', 'Battle card: SD-WAN vs. MPLS', [
      { heading: 'The numbers', rows: [['Cost per branch (per month)', 'MPLS $600 vs. SD-WAN E-10 $79 plus broadband'], ['Time to a new site', 'MPLS 60 to 90 days vs. SD-WAN same day'], ['Failover', 'MPLS single circuit vs. four links with steering']] },
      { heading: 'Objections', rows: [['"MPLS is more reliable."', 'Two broadband links with steering beat one circuit on measured uptime.'], ['"Our contract runs another year."', 'Start with new sites; move the rest at renewal.']] },
    ]) }],
  },
  ...dataSheets.map(({ product, line, at, facts, text }): DemoItem => ({
    title: `${product} data sheet`, summary: text, kind: 'data_sheet', productLines: [line], tags: ['specifications', product.toLowerCase()], reviewBy: reviewNextYear,
    versions: [{ at, source: pdf(`${product.toLowerCase().replace(/[^a-z]+/g, '-')}-data-sheet.pdf`, `${product} data sheet`, [
      { heading: 'Overview', paragraphs: [text] },
      { heading: 'Specifications', rows: facts },
    ]) }],
  })),
  {
    title: 'Case study: Harbor Retail cuts storage costs by 40%', summary: 'A retailer with 300 stores moved 400 TB of backups and media to Object Storage in one quarter.',
    kind: 'case_study', productLines: [cloud], tags: ['retail', 'migration', 'object storage'], reviewBy: reviewNextYear,
    versions: [{ at: '2026-06-01T09:00:00Z', source: pdf('case-study-harbor-retail.pdf', 'Harbor Retail cuts storage costs by 40%', [
      { heading: 'The customer', paragraphs: ['Harbor Retail runs 300 stores and an online shop. Its backups and product media filled 400 TB on a hyperscaler, and egress to its analytics partner cost more than the storage itself.'] },
      { heading: 'The solution', paragraphs: ['Acme Networks moved the backups and media to Northwind Object Storage over six weeks, using the free migration service, and put the product catalogue on Managed Kubernetes.'] },
      { heading: 'The results', bullets: ['40% lower storage bill in the first quarter', 'No egress fees to the analytics partner in the same region', 'Restores of a store\'s backup in under ten minutes'] },
    ]) }],
  },
  {
    title: 'Case study: Meridian Health stops ransomware at the endpoint', summary: 'A hospital group of 1,800 staff replaced its antivirus with Endpoint Protection and managed detection.',
    kind: 'case_study', productLines: [security], tags: ['healthcare', 'ransomware', 'endpoint'], reviewBy: reviewNextYear,
    versions: [{ at: '2026-07-20T09:00:00Z', source: pdf('case-study-meridian-health.pdf', 'Meridian Health stops ransomware at the endpoint', [
      { heading: 'The customer', paragraphs: ['Meridian Health runs four hospitals with 1,800 staff and 2,600 devices. A ransomware attack on a neighbouring hospital made the board ask what would happen to them.'] },
      { heading: 'The solution', paragraphs: ['Delta SI deployed Endpoint Protection with managed detection to every device in three weeks through the existing device management, and a Next-Gen Firewall pair at each site.'] },
      { heading: 'The results', bullets: ['Two ransomware attempts stopped and rolled back in the first year', 'Alerts answered by analysts at night', 'Cyber insurance premium down 18%'] },
    ]) }],
  },
  {
    title: 'Case study: Alpine Logistics connects 120 depots with SD-WAN', summary: 'A logistics company replaced MPLS at 120 depots and brought new sites up on the day they opened.',
    kind: 'case_study', productLines: [networking], tags: ['logistics', 'sd-wan', 'mpls'], reviewBy: reviewNextYear, languages: ['en', 'de'],
    versions: [{ at: '2026-08-24T09:00:00Z', source: pdf('case-study-alpine-logistics.pdf', 'Alpine Logistics connects 120 depots with SD-WAN', [
      { heading: 'The customer', paragraphs: ['Alpine Logistics runs 120 depots across Germany, Austria and Switzerland. Each new depot waited two months for its MPLS circuit.'] },
      { heading: 'The solution', paragraphs: ['Bluepeak MSP shipped SD-WAN E-10 edges to every depot and manages them as a service, billed per site.'] },
      { heading: 'The results', bullets: ['New depots online on their opening day', 'Network costs down 55% per site', 'Two broadband links per depot with automatic failover'] },
    ]) }],
  },
  {
    title: 'Cloud Platform demo: from sign-up to first workload', summary: 'A 10-minute walkthrough of the console: create a Compute instance, a bucket and a Kubernetes cluster.',
    kind: 'demo_video', productLines: [cloud], tags: ['demo', 'walkthrough', 'console'], reviewBy: reviewNextYear,
    versions: [{ at: '2026-03-23T09:00:00Z', source: { videoUrl: 'https://www.youtube.com/watch?v=aqz-KE-bpKQ' } }],
  },
  {
    title: 'Security demo: a ransomware attack rolled back', summary: 'Watch Endpoint Protection detect an attack, isolate the laptop and roll the encrypted files back.',
    kind: 'demo_video', productLines: [security], tags: ['demo', 'ransomware', 'rollback'], reviewBy: reviewNextYear,
    versions: [{ at: '2026-05-11T09:00:00Z', source: { videoUrl: 'https://www.youtube.com/watch?v=eRsGyueVLvQ' } }],
  },
  {
    title: 'SD-WAN demo: zero-touch branch in five minutes', summary: 'An edge is claimed in the console and the branch tunnel comes up on its own.',
    kind: 'demo_video', productLines: [networking], tags: ['demo', 'zero touch', 'branch'], reviewBy: reviewNextYear,
    versions: [{ at: '2026-06-29T09:00:00Z', source: { videoUrl: 'https://www.youtube.com/watch?v=R6MlUcmOul8' } }],
  },
  {
    title: 'Cloud Platform ROI calculator', summary: 'A spreadsheet that compares a prospect\'s current storage and compute bill with Northwind prices over three years.',
    kind: 'roi_calculator', productLines: [cloud], tags: ['roi', 'business case', 'tco'], reviewBy: reviewNextYear,
    versions: [{ at: '2026-04-13T09:00:00Z', source: { file: { kind: 'xlsx', name: 'cloud-platform-roi-calculator.xlsx' } } }],
  },
  {
    title: 'Northwind Cloud logo', summary: 'The Northwind Cloud logo for partner websites and proposals. Keep clear space of half its height around it.',
    kind: 'logo', productLines: [], tags: ['brand', 'logo'], reviewBy: reviewNextYear,
    versions: [{ at: '2026-01-05T09:00:00Z', source: { file: { kind: 'logo-png', name: 'northwind-cloud-logo.png' } } }],
  },
  {
    title: 'Co-branded SD-WAN flyer', summary: 'A one-page SD-WAN flyer with your logo and contact details, ready to print or e-mail.',
    kind: 'cobranded_template', productLines: [networking], tags: ['flyer', 'co-branded', 'sd-wan'], reviewBy: reviewNextYear,
    versions: [{ at: '2026-09-07T09:00:00Z', source: { file: { kind: 'cobrand-pdf', name: 'sd-wan-flyer-template.pdf', heading: 'Branch networking that sets itself up', sections: [
      { heading: 'Northwind SD-WAN', paragraphs: ['Plug in an edge, and the encrypted tunnel to your network comes up on its own. Traffic follows the application over up to four links, so a failed line never stops the tills.'] },
      { heading: 'Why switch from MPLS', bullets: ['New sites online on the day they open', 'Up to 55% lower network cost per site', 'Firewall policy from the same console'] },
    ] } } }],
  },
  {
    title: 'Co-branded security event invitation', summary: 'An invitation card for your customer security breakfast, with your logo, name and contact details (SVG).',
    kind: 'cobranded_template', productLines: [security], tags: ['event', 'invitation', 'co-branded'], reviewBy: reviewNextYear,
    versions: [{ at: '2026-10-05T09:00:00Z', source: { file: { kind: 'cobrand-svg', name: 'security-breakfast-invitation.svg' } } }],
  },
  {
    title: 'Social posts: Object Storage with free egress', summary: 'Three LinkedIn posts announcing Object Storage with no egress fees within the region.',
    kind: 'social_copy', productLines: [cloud], tags: ['linkedin', 'social', 'object storage'], reviewBy: reviewNextYear,
    versions: [{ at: '2026-09-21T09:00:00Z', source: { markdown: '**Post 1**\n\nYour storage bill should not punish you for using your own data. Northwind Object Storage: S3-compatible, and no egress fees within the region. Ask us for a quote. #cloud #storage\n\n**Post 2**\n\nBackups, media, analytics exports: the workloads that move the most data cost the most on a hyperscaler. Move them to Northwind Object Storage and stop paying to read your own files.\n\n**Post 3**\n\nA retailer with 300 stores cut its storage bill by 40% in one quarter. We can show you how. #objectstorage' } }],
  },
  {
    title: 'E-mail swipe: free security assessment', summary: 'A ready-to-send e-mail offering prospects the free two-week firewall assessment.',
    kind: 'email_swipe', productLines: [security], tags: ['email', 'assessment', 'campaign'], reviewBy: reviewNextYear,
    versions: [{ at: '2026-10-12T09:00:00Z', source: { markdown: '**Subject:** Who is watching your firewall tonight?\n\nHi {first name},\n\nMost mid-sized companies have a firewall. Few know what it let through last week.\n\nFor two weeks, we will put a Northwind Next-Gen Firewall beside yours in listening mode and send you a written report: the threats it saw, the applications on your network, and what we would change.\n\nIt costs nothing and changes nothing on your network. Reply to this e-mail to book a start date.\n\nBest regards,\n{your name}' } }],
  },
  {
    title: 'Approved messaging: Cloud Platform positioning', summary: 'The positioning statement, the three messages and the words to avoid, approved by Northwind marketing.',
    kind: 'approved_messaging', productLines: [cloud], tags: ['positioning', 'messaging', 'brand'], reviewBy: reviewNextYear,
    versions: [{ at: '2026-02-23T09:00:00Z', source: { markdown: '## Positioning\n\nNorthwind Cloud Platform is the cloud for mid-sized companies that want one predictable bill: compute, storage and Kubernetes, without egress surprises.\n\n## Three messages\n\n1. **Predictable**: billed per second, no egress fees within the region.\n2. **Complete**: Compute, Object Storage and Managed Kubernetes from one console.\n3. **Human**: support engineers answer in 15 minutes, day and night.\n\n## Avoid\n\n- "Cheapest cloud": we compete on predictability, not on price alone.\n- Naming competitors in public copy.' } }],
  },
  {
    title: 'MSP billing playbook', summary: 'For managed service providers: packaging SD-WAN and Endpoint Protection per site and per device, and billing your end customers monthly.',
    kind: 'battle_card', productLines: [networking, security], tags: ['msp', 'billing', 'managed services'], partnerTypes: ['msp'], reviewBy: reviewNextYear,
    versions: [{ at: '2026-10-19T09:00:00Z', source: pdf('msp-billing-playbook.pdf', 'MSP billing playbook', [
      { heading: 'Packaging', rows: [['Managed branch', 'SD-WAN E-10 edge, monitoring, firewall policy: bill per site per month'], ['Managed endpoint', 'Endpoint Protection with managed detection: bill per device per month'], ['Managed cloud backup', 'Object Storage with retention policy: bill per TB per month']] },
      { heading: 'Margins', paragraphs: ['MSP partners buy at the Platinum discount of 15% off list and set their own monthly prices. The usage export in the console gives per-customer consumption for invoicing.'] },
      { heading: 'Monthly billing', bullets: ['Export usage per end customer on the first working day', 'Invoice in arrears; Northwind invoices you on the 5th', 'Credit notes for outages above the SLA come through automatically'] },
    ]) }],
  },
  {
    title: 'Strategic accounts deal desk guide', summary: 'For Gold and Platinum partners: how to request volume pricing, multi-year terms and executive sponsorship for deals above 250,000 USD.',
    kind: 'pricing_guide', productLines: [cloud, security, networking], tags: ['deal desk', 'volume pricing', 'enterprise'], minTierRank: 3, reviewBy: reviewNextYear,
    versions: [{ at: '2026-09-28T09:00:00Z', source: pdf('strategic-accounts-deal-desk.pdf', 'Strategic accounts deal desk guide', [
      { heading: 'Who may ask', paragraphs: ['Gold and Platinum partners with a registered, approved deal above 250,000 USD annual contract value.'] },
      { heading: 'What the deal desk offers', rows: [['Volume pricing', 'Up to 25% off list for commitments above 500,000 USD'], ['Multi-year terms', 'Prices fixed for up to three years'], ['Executive sponsor', 'A Northwind vice president joins the closing meeting']] },
      { heading: 'How to ask', bullets: ['Register the deal and wait for approval', 'Send the deal desk form with the customer\'s usage forecast', 'Expect an answer within two working days'] },
    ]) }],
  },
  {
    title: 'EMEA data residency brief', summary: 'GDPR, data residency in the Frankfurt and Amsterdam regions, and the data processing agreement for European customers.',
    kind: 'data_sheet', productLines: [cloud], tags: ['gdpr', 'data residency', 'compliance'], regions: ['emea'], reviewBy: reviewNextYear,
    versions: [{ at: '2026-07-13T09:00:00Z', source: pdf('emea-data-residency.pdf', 'EMEA data residency brief', [
      { heading: 'Where the data stays', paragraphs: ['Customers who choose the Frankfurt or Amsterdam region keep their data, backups and support access inside the European Union.'] },
      { heading: 'GDPR', bullets: ['Data processing agreement with standard contractual clauses', 'Sub-processors listed and notified 30 days ahead', 'ISO 27001 and C5 attestations for both regions'] },
    ]) }],
  },
  {
    title: 'Summer 2026 promotion: free SD-WAN edge', summary: 'One free E-10 edge per new three-year SD-WAN contract signed before 30 September 2026.',
    // Expired: partners no longer see it; the console still lists it.
    kind: 'approved_messaging', productLines: [networking], tags: ['promotion', 'sd-wan'], expiresOn: '2026-10-01',
    versions: [{ at: '2026-06-08T09:00:00Z', source: { markdown: '## Summer 2026 promotion\n\nSign a three-year SD-WAN contract before **30 September 2026** and the first E-10 edge is free.\n\nQuote the promotion code **SUMMER-EDGE** on the order.' } }],
  },
]

/** The demo partners' sales regions, content languages and co-branding phone numbers, by slug. */
const partnerSegments: Record<string, { region: Region; languages: string[]; phone: string }> = {
  acme: { region: 'north_america', languages: ['en'], phone: '+1 415 555 0142' },
  bluepeak: { region: 'emea', languages: ['en', 'de'], phone: '+49 30 5550 1187' },
  cedar: { region: 'north_america', languages: ['en', 'es'], phone: '+1 312 555 0190' },
  delta: { region: 'emea', languages: ['fr', 'en'], phone: '+33 1 55 50 12 34' },
  evergreen: { region: 'emea', languages: ['nl', 'en'], phone: '+31 20 555 0175' },
}

/** Who downloaded what: partner slug → item titles (their latest version; pricing guides' v1 too, a year earlier). */
const demoDownloads: Record<string, string[]> = {
  acme: ['Cloud Platform pricing guide', 'Cloud Platform pitch deck', 'Case study: Harbor Retail cuts storage costs by 40%', 'Security pricing guide', 'Co-branded SD-WAN flyer'],
  bluepeak: ['MSP billing playbook', 'Networking pricing guide', 'SD-WAN vs. MPLS battle card', 'Cloud Platform pricing guide'],
  delta: ['Security pitch deck', 'Case study: Meridian Health stops ransomware at the endpoint', 'Security pricing guide'],
  evergreen: ['Cloud Platform pricing guide', 'Compute data sheet'],
}

/** The co-branded PDF template's layout (A4, points from the bottom left): the logo box top right, the contact block at the foot. */
const flyerTemplate: CobrandTemplate = {
  page: 1,
  logo: { x: 395, y: 712, width: 150, height: 80 },
  fields: [
    { field: 'name', x: 50, y: 118, size: 14 },
    { field: 'contact_name', x: 50, y: 98, size: 11 },
    { field: 'email', x: 50, y: 82, size: 11 },
    { field: 'phone', x: 50, y: 66, size: 11 },
    { field: 'website', x: 50, y: 50, size: 11 },
  ],
}

const brandBlue = '#1d4ed8'
const ink = '#0f172a'

interface StoredFile {
  bytes: Uint8Array
  contentType: string
  template: CobrandTemplate | null
}

/** The library, owned by the channel manager; then each partner's region, languages, co-branding details and downloads. */
export async function seedContentLibrary(trx: Transaction<DB>, input: { vendorId: string; owner: { id: string; name: string }; partners: DemoContentPartner[] }) {
  const { vendorId, owner, partners } = input
  const lines = new Map((await trx.selectFrom('product_lines').select(['id', 'name']).where('tenant_id', '=', vendorId).execute()).map((line) => [line.name, line.id]))
  const storage = fileStorage()
  const versionsByTitle = new Map<string, { itemId: string; versions: { id: string; number: number; at: Date }[] }>()

  for (const item of demoItems) {
    const firstAt = new Date(item.versions[0]!.at)
    const { id: itemId } = await trx.insertInto('content_items').values({
      tenant_id: vendorId, title: item.title, summary: item.summary, kind: item.kind,
      product_line_ids: item.productLines.map((name) => lines.get(name)!), product_names: item.productLines.join(' '), tags: item.tags,
      partner_types: item.partnerTypes ?? [], min_tier_rank: item.minTierRank ?? null, regions: item.regions ?? [], languages: item.languages ?? [],
      owner_id: owner.id, status: 'published', review_by: item.reviewBy ?? null, expires_on: item.expiresOn ?? null,
      published_at: firstAt, created_at: firstAt, updated_at: new Date(item.versions.at(-1)!.at),
    }).returning('id').executeTakeFirstOrThrow()

    const versions: { id: string; number: number; at: Date }[] = []
    let bodyText = ''
    for (const [index, version] of item.versions.entries()) {
      const id = crypto.randomUUID()
      const at = new Date(version.at)
      const source = version.source
      const common = { tenant_id: vendorId, id, item_id: itemId, number: index + 1, change_note: version.note ?? '', created_by: owner.id, created_by_name: owner.name, created_at: at }
      if ('file' in source) {
        const file = await renderFile(source.file)
        const key = `content/${itemId}/${id}`
        await storage.put(key, file.bytes, file.contentType)
        const isPdf = file.contentType === 'application/pdf'
        await trx.insertInto('content_versions').values({
          ...common, file_key: key, file_name: source.file.name, file_type: file.contentType, file_bytes: file.bytes.byteLength,
          template: file.template ? JSON.stringify(file.template) : null, extraction_status: isPdf ? 'pending' : 'none',
        }).execute()
        bodyText = ''
      } else if ('videoUrl' in source) {
        await trx.insertInto('content_versions').values({ ...common, video_url: source.videoUrl, extraction_status: 'none' }).execute()
        bodyText = ''
      } else {
        await trx.insertInto('content_versions').values({ ...common, body_markdown: source.markdown, extraction_status: 'none' }).execute()
        bodyText = source.markdown
      }
      versions.push({ id, number: index + 1, at })
    }
    const latest = versions.at(-1)!
    await trx.updateTable('content_items')
      .set({ latest_version_id: latest.id, latest_version_number: latest.number, latest_version_at: latest.at, body_text: bodyText })
      .where('tenant_id', '=', vendorId).where('id', '=', itemId).execute()
    versionsByTitle.set(item.title, { itemId, versions })
  }
  // A no-op for PostgreSQL; Typesense gets the library's documents (the extraction job updates them with the PDFs' text).
  await syncSearchIndex(trx, [...versionsByTitle.values()].map((item) => item.itemId))

  for (const partner of partners) {
    const segments = partnerSegments[partner.slug]
    if (!segments) continue
    await trx.updateTable('tenants').set({ region: segments.region, content_languages: segments.languages }).where('id', '=', partner.id).execute()
    await trx.insertInto('cobrand_profiles').values({
      tenant_id: partner.id, contact_name: partner.admin.name, email: partner.admin.email, phone: segments.phone, website: `https://www.${partner.slug}.example`,
    }).execute()
    for (const [index, title] of (demoDownloads[partner.slug] ?? []).entries()) {
      const item = versionsByTitle.get(title)!
      const downloaded = item.versions.map((version) => ({
        tenant_id: partner.id, user_id: partner.salesRepId, item_id: item.itemId, version_id: version.id, version_number: version.number,
        cobranded: title.startsWith('Co-branded'), downloaded_at: new Date(version.at.getTime() + (index + 2) * 86_400_000),
      }))
      await trx.insertInto('content_downloads').values(downloaded).execute()
    }
  }
}

async function renderFile(file: DemoFile): Promise<StoredFile> {
  switch (file.kind) {
    case 'pdf':
      return { bytes: await documentPdf(file.heading, file.sections, file.slides ?? false), contentType: 'application/pdf', template: null }
    case 'cobrand-pdf':
      return { bytes: await flyerPdf(file.heading, file.sections), contentType: 'application/pdf', template: flyerTemplate }
    case 'xlsx':
      return { bytes: roiWorkbook(), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', template: null }
    case 'logo-png':
      return { bytes: logoPng(), contentType: 'image/png', template: null }
    case 'cobrand-svg':
      return { bytes: new TextEncoder().encode(invitationSvg), contentType: 'image/svg+xml', template: null }
  }
}

function pdfBytes(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    doc.on('error', reject)
  })
}

function writeSections(doc: PDFKit.PDFDocument, sections: DemoSection[], slides: boolean) {
  const left = doc.page.margins.left
  const width = doc.page.width - left - doc.page.margins.right
  for (const [index, section] of sections.entries()) {
    if (slides) {
      doc.addPage()
      doc.rect(0, 0, doc.page.width, 8).fill(brandBlue)
      doc.y = 70
    } else if (index > 0) doc.moveDown(1)
    doc.font('Helvetica-Bold').fontSize(slides ? 26 : 14).fillColor(brandBlue).text(winAnsiText(section.heading), left, doc.y, { width }).moveDown(slides ? 0.8 : 0.4)
    doc.font('Helvetica').fontSize(slides ? 18 : 10.5).fillColor(ink)
    for (const paragraph of section.paragraphs ?? []) doc.text(winAnsiText(paragraph), left, doc.y, { width, lineGap: 2 }).moveDown(0.5)
    for (const bullet of section.bullets ?? []) doc.text(winAnsiText(`•  ${bullet}`), left + 8, doc.y, { width: width - 8, lineGap: 2 }).moveDown(0.3)
    for (const [label, value] of section.rows ?? []) {
      const top = doc.y
      doc.font('Helvetica-Bold').text(winAnsiText(label), left, top, { width: width * 0.55 })
      const labelBottom = doc.y
      doc.font('Helvetica').text(winAnsiText(value), left + width * 0.58, top, { width: width * 0.42 })
      doc.y = Math.max(labelBottom, doc.y) + 4
    }
  }
}

/** A data sheet, guide or case study (A4), or a deck (landscape, a title slide then one slide per section). */
function documentPdf(heading: string, sections: DemoSection[], slides: boolean): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4', layout: slides ? 'landscape' : 'portrait', margin: 50, info: { Title: winAnsiText(heading), Author: 'Northwind Cloud' } })
  const done = pdfBytes(doc)
  doc.rect(0, 0, doc.page.width, slides ? doc.page.height : 90).fill(slides ? brandBlue : '#eff6ff')
  doc.font('Helvetica-Bold').fontSize(10).fillColor(slides ? '#ffffff' : brandBlue).text('NORTHWIND CLOUD', 50, slides ? 60 : 30)
  doc.font('Helvetica-Bold').fontSize(slides ? 34 : 20).fillColor(slides ? '#ffffff' : ink)
    .text(winAnsiText(heading), 50, slides ? doc.page.height / 2 - 40 : 48, { width: doc.page.width - 100 })
  if (!slides) doc.y = 120
  writeSections(doc, sections, slides)
  doc.end()
  return done
}

/** The co-branded flyer: its logo box (top right) and contact block (foot) are left empty for the partner's details. */
function flyerPdf(heading: string, sections: DemoSection[]): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: winAnsiText(heading), Author: 'Northwind Cloud' } })
  const done = pdfBytes(doc)
  doc.font('Helvetica-Bold').fontSize(10).fillColor(brandBlue).text('NORTHWIND CLOUD', 50, 60)
  doc.font('Helvetica-Bold').fontSize(24).fillColor(ink).text(winAnsiText(heading), 50, 150, { width: 495 })
  doc.y += 20
  writeSections(doc, sections, false)
  const footTop = doc.page.height - 160
  doc.moveTo(50, footTop).lineTo(545, footTop).lineWidth(1).stroke('#cbd5e1')
  doc.font('Helvetica').fontSize(9).fillColor('#475569').text('Your Northwind partner', 50, footTop + 12, { lineBreak: false })
  doc.end()
  return done
}

const logoSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="160" viewBox="0 0 480 160">
<rect x="16" y="24" width="112" height="112" rx="24" fill="${brandBlue}"/>
<path d="M44 112 V48 L100 112 V48" fill="none" stroke="#ffffff" stroke-width="12" stroke-linejoin="round" stroke-linecap="round"/>
<g font-family="DejaVu Sans" font-weight="bold" fill="${ink}"><text x="148" y="78" font-size="40">Northwind</text><text x="148" y="122" font-size="32" fill="${brandBlue}">Cloud</text></g>
</svg>`

function logoPng(): Uint8Array {
  const resvg = new Resvg(logoSvg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, fitTo: { mode: 'width', value: 960 } })
  return new Uint8Array(resvg.render().asPng())
}

/** The SVG template's marked areas: the rect `partner-logo` and the texts `partner-name`, `partner-contact-name`, `partner-email`, `partner-phone`, `partner-website`. */
const invitationSvg = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800" viewBox="0 0 1200 800">
<rect width="1200" height="800" fill="#0f172a"/>
<rect x="0" y="0" width="1200" height="14" fill="${brandBlue}"/>
<g font-family="DejaVu Sans" fill="#ffffff">
<text x="80" y="140" font-size="28" fill="#93c5fd">NORTHWIND CLOUD SECURITY BREAKFAST</text>
<text x="80" y="240" font-size="64" font-weight="bold">Who is watching</text>
<text x="80" y="320" font-size="64" font-weight="bold">your firewall tonight?</text>
<text x="80" y="410" font-size="30">Breakfast, a live ransomware demo and a free assessment offer.</text>
<text x="80" y="460" font-size="30">Thursday, 9:00 to 11:00</text>
</g>
<rect x="0" y="560" width="1200" height="240" fill="#ffffff"/>
<rect id="partner-logo" x="880" y="600" width="260" height="160" fill="#f1f5f9"/>
<g font-family="DejaVu Sans" fill="#0f172a">
<text x="80" y="620" font-size="22" fill="#475569">Your host</text>
<text id="partner-name" x="80" y="664" font-size="36" font-weight="bold">Partner name</text>
<text id="partner-contact-name" x="80" y="708" font-size="24">Contact name</text>
<text id="partner-email" x="480" y="708" font-size="24">partner@example.com</text>
<text id="partner-phone" x="80" y="744" font-size="24">+1 555 0100</text>
<text id="partner-website" x="480" y="744" font-size="24">www.example.com</text>
</g>
</svg>
`

type Cell = string | number | { formula: string }

/** The ROI calculator: inputs in column B, formulas below them (cached values omitted, so spreadsheets compute them on opening). */
const roiRows: Cell[][] = [
  ['Northwind Cloud Platform ROI calculator'],
  ['Enter the prospect\'s figures in column B; the saving is computed below.'],
  [],
  ['Stored data (TB)', 400],
  ['Monthly data read out to the internet or other regions (TB)', 120],
  ['Current storage price (USD per GB-month)', 0.023],
  ['Current egress price (USD per GB)', 0.09],
  ['Current compute spend (USD per month)', 18000],
  [],
  ['Northwind storage price (USD per GB-month)', 0.018],
  ['Northwind egress within the region (USD per GB)', 0],
  ['Northwind compute saving with per-second billing', 0.12],
  [],
  ['Current monthly bill (USD)', { formula: 'B4*1000*B6+B5*1000*B7+B8' }],
  ['Northwind monthly bill (USD)', { formula: 'B4*1000*B10+B5*1000*B11+B8*(1-B12)' }],
  ['Saving over three years (USD)', { formula: '(B14-B15)*36' }],
]

function escapeXml(text: string) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function sheetXml(rows: Cell[][]): string {
  const cells = rows.map((row, r) => `<row r="${r + 1}">${row.map((cell, c) => {
    const ref = `${String.fromCharCode(65 + c)}${r + 1}`
    if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`
    if (typeof cell === 'string') return `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(cell)}</t></is></c>`
    return `<c r="${ref}"><f>${escapeXml(cell.formula)}</f></c>`
  }).join('')}</row>`).join('')
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols><col min="1" max="1" width="60" customWidth="1"/><col min="2" max="2" width="16" customWidth="1"/></cols><sheetData>${cells}</sheetData></worksheet>`
}

function roiWorkbook(): Uint8Array {
  const main = 'http://schemas.openxmlformats.org'
  return zip([
    ['[Content_Types].xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="${main}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`],
    ['_rels/.rels', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${main}/package/2006/relationships"><Relationship Id="rId1" Type="${main}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${main}/spreadsheetml/2006/main" xmlns:r="${main}/officeDocument/2006/relationships"><sheets><sheet name="ROI" sheetId="1" r:id="rId1"/></sheets><calcPr fullCalcOnLoad="1"/></workbook>`],
    ['xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="${main}/package/2006/relationships"><Relationship Id="rId1" Type="${main}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`],
    ['xl/worksheets/sheet1.xml', sheetXml(roiRows)],
  ])
}

/** A ZIP archive of deflated entries (the container of Office documents), written with node:zlib alone. */
function zip(entries: [string, string][]): Uint8Array {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  // 1 January 2026, 00:00, in MS-DOS date and time fields.
  const dosTime = 0
  const dosDate = ((2026 - 1980) << 9) | (1 << 5) | 1
  for (const [name, text] of entries) {
    const nameBytes = Buffer.from(name, 'utf8')
    const data = Buffer.from(text, 'utf8')
    const packed = deflateRawSync(data)
    const crc = crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6)
    local.writeUInt16LE(8, 8)
    local.writeUInt16LE(dosTime, 10)
    local.writeUInt16LE(dosDate, 12)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(packed.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    local.writeUInt16LE(0, 28)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(8, 10)
    central.writeUInt16LE(dosTime, 12)
    central.writeUInt16LE(dosDate, 14)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(packed.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, nameBytes, packed)
    centrals.push(central, nameBytes)
    offset += local.length + nameBytes.length + packed.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return new Uint8Array(Buffer.concat([...locals, directory, end]))
}
