import type { Transaction } from 'kysely'
import type { DB, LessonKind, PartnerRole, PartnerType } from '../schema.ts'

interface DemoQuestion {
  prompt: string
  kind: 'single' | 'multiple'
  options: { label: string; correct: boolean }[]
}

interface DemoLesson {
  title: string
  kind: LessonKind
  minutes: number
  body?: string
  videoUrl?: string
  quiz?: { passPercent: number; maxAttempts: number; cooldownMinutes: number; drawCount: number; questions: DemoQuestion[] }
}

interface DemoCourse {
  title: string
  summary: string
  minutes: number
  productLine: string
  audiences: { partnerTypes?: PartnerType[]; roles?: PartnerRole[]; requirement: 'required' | 'optional'; dueDays?: number }[]
  modules: { title: string; lessons: DemoLesson[] }[]
}

/** The demo program's courses; the end-to-end suite reads the answer key from here. */
export const demoCourses: DemoCourse[] = [
  {
    title: 'Cloud Platform sales essentials',
    summary: 'Position Compute, Object Storage and Managed Kubernetes against the hyperscalers, qualify a cloud deal and register it in time.',
    minutes: 35,
    productLine: 'Cloud Platform',
    audiences: [{ requirement: 'required', dueDays: 30 }],
    modules: [
      {
        title: 'The platform in ten minutes',
        lessons: [
          {
            title: 'What we sell and to whom',
            kind: 'text',
            minutes: 8,
            body: '## Three products, one bill\n\n- **Compute**: virtual machines billed per second.\n- **Object Storage**: S3-compatible, no egress fees within the region.\n- **Managed Kubernetes**: the control plane is free; customers pay for nodes.\n\nThe best first conversation is about **egress costs**: most prospects overpay for them today.',
          },
          {
            title: 'Customer story: moving off a hyperscaler',
            kind: 'video',
            minutes: 6,
            videoUrl: 'https://www.youtube.com/watch?v=aqz-KE-bpKQ',
            body: 'Watch how a retailer cut its storage bill by 40% in one quarter.',
          },
        ],
      },
      {
        title: 'Check your knowledge',
        lessons: [
          {
            title: 'Cloud Platform quiz',
            kind: 'quiz',
            minutes: 5,
            quiz: {
              passPercent: 70,
              maxAttempts: 3,
              cooldownMinutes: 60,
              drawCount: 3,
              questions: [
                { prompt: 'What does a Managed Kubernetes customer pay for?', kind: 'single', options: [{ label: 'The worker nodes', correct: true }, { label: 'The control plane', correct: false }, { label: 'Each API call', correct: false }] },
                { prompt: 'How is Compute billed?', kind: 'single', options: [{ label: 'Per second', correct: true }, { label: 'Per month, in advance', correct: false }, { label: 'Per core and year', correct: false }] },
                { prompt: 'Which are good openers for a first call?', kind: 'multiple', options: [{ label: 'Egress costs', correct: true }, { label: 'Storage bills', correct: true }, { label: 'Our office locations', correct: false }] },
                { prompt: 'Object Storage is compatible with which API?', kind: 'single', options: [{ label: 'S3', correct: true }, { label: 'FTP', correct: false }, { label: 'SMB', correct: false }] },
              ],
            },
          },
        ],
      },
    ],
  },
  {
    title: 'Selling Security to the mid-market',
    summary: 'Next-Gen Firewall and Endpoint Protection for companies of 200 to 2,000 people: the buyer, the budget and the battle card.',
    minutes: 25,
    productLine: 'Security',
    audiences: [{ partnerTypes: ['reseller', 'system_integrator', 'distributor'], requirement: 'optional' }],
    modules: [
      {
        title: 'The buyer',
        lessons: [
          { title: 'Who signs a security deal', kind: 'text', minutes: 10, body: 'In the mid-market the **IT director** owns the budget and the **CFO** signs anything above the annual renewal.' },
          { title: 'Objection handling', kind: 'text', minutes: 15, body: '> "We already have a firewall."\n\nAsk when it was last updated and who watches its alerts at night.' },
        ],
      },
    ],
  },
  {
    title: 'Running managed SD-WAN for your customers',
    summary: 'For MSPs: onboarding an end customer, monitoring the tunnels and billing per site.',
    minutes: 20,
    productLine: 'Networking',
    audiences: [{ partnerTypes: ['msp'], requirement: 'required', dueDays: 60 }],
    modules: [
      { title: 'Operations', lessons: [{ title: 'Onboarding a site', kind: 'text', minutes: 20, body: 'Ship the edge device, claim it in the console, and the tunnel comes up on its own.' }] },
    ],
  },
]

/** The demo courses, published, and the certification the first one earns. */
export async function seedTrainingProgram(trx: Transaction<DB>, vendorId: string, publishedAt: Date) {
  const lines = await trx.selectFrom('product_lines').select(['id', 'name']).execute()
  const courseIds: string[] = []
  for (const course of demoCourses) {
    const lineId = lines.find((line) => line.name === course.productLine)?.id
    const { id: courseId } = await trx.insertInto('courses').values({
      tenant_id: vendorId, title: course.title, summary: course.summary, estimated_minutes: course.minutes,
      product_line_ids: lineId ? [lineId] : [], status: 'published', published_at: publishedAt,
    }).returning('id').executeTakeFirstOrThrow()
    courseIds.push(courseId)
    await trx.insertInto('course_audiences').values(course.audiences.map((audience) => ({
      tenant_id: vendorId, course_id: courseId, partner_types: audience.partnerTypes ?? [], roles: audience.roles ?? [],
      requirement: audience.requirement, due_days: audience.dueDays ?? null,
    }))).execute()
    for (const [moduleIndex, module] of course.modules.entries()) {
      const { id: moduleId } = await trx.insertInto('course_modules').values({ tenant_id: vendorId, course_id: courseId, position: moduleIndex + 1, title: module.title }).returning('id').executeTakeFirstOrThrow()
      for (const [lessonIndex, lesson] of module.lessons.entries()) {
        const { id: lessonId } = await trx.insertInto('lessons').values({
          tenant_id: vendorId, course_id: courseId, module_id: moduleId, position: lessonIndex + 1, title: lesson.title, kind: lesson.kind,
          body_markdown: lesson.body ?? '', video_url: lesson.videoUrl ?? null, estimated_minutes: lesson.minutes,
          pass_percent: lesson.quiz?.passPercent ?? null, max_attempts: lesson.quiz?.maxAttempts ?? null, cooldown_minutes: lesson.quiz?.cooldownMinutes ?? null,
        }).returning('id').executeTakeFirstOrThrow()
        if (!lesson.quiz) continue
        const { id: poolId } = await trx.insertInto('quiz_pools').values({ tenant_id: vendorId, lesson_id: lessonId, position: 1, title: 'Core questions', draw_count: lesson.quiz.drawCount }).returning('id').executeTakeFirstOrThrow()
        for (const [questionIndex, question] of lesson.quiz.questions.entries()) {
          const { id: questionId } = await trx.insertInto('quiz_questions').values({ tenant_id: vendorId, pool_id: poolId, position: questionIndex + 1, prompt: question.prompt, kind: question.kind }).returning('id').executeTakeFirstOrThrow()
          await trx.insertInto('quiz_options').values(question.options.map((option, optionIndex) => ({
            tenant_id: vendorId, question_id: questionId, position: optionIndex + 1, label: option.label, is_correct: option.correct,
          }))).execute()
        }
      }
    }
  }
  const { id: certificationId } = await trx.insertInto('certifications').values({
    tenant_id: vendorId, name: 'Certified Cloud Platform Seller', validity_months: 12, renewal_notice_days: 30, badge_color: '#1d4ed8',
    description: 'Knows the Cloud Platform products, their pricing model and how to qualify and register a cloud deal.',
  }).returning('id').executeTakeFirstOrThrow()
  await trx.insertInto('certification_courses').values({ tenant_id: vendorId, certification_id: certificationId, course_id: courseIds[0]! }).execute()
}
