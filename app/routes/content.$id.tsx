import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { safeRedirectPath } from '#app/features/auth/redirects.ts'
import { loadContentAudience } from '#app/features/content/audience.server.ts'
import { FavouriteButton } from '#app/features/content/content-card.tsx'
import { CopyableText } from '#app/features/content/library-copy-text.tsx'
import { loadLibraryItem, setFavourite } from '#app/features/content/library.server.ts'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import { renderMarkdown } from '#app/features/rich-text/markdown.server.ts'
import { formatBytes } from '#app/features/storage/format-bytes.ts'
import { videoEmbedUrl } from '#app/features/training/video.ts'

const noItem = 'No such content item.'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? data.item.title : 'Content' }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'read:content:own')
  const itemId = requireUuid(params.id, noItem)
  const item = await caller.db(async (db) =>
    loadLibraryItem(db, {
      audience: await loadContentAudience(db, caller.viewer.tenantId),
      viewer: { tenantId: caller.viewer.tenantId, userId: caller.viewer.userId },
      itemId,
      now: new Date(),
    }),
  )
  invariantResponse(item, noItem)
  const video = item.latest.videoUrl
  return {
    item,
    html: item.markdown !== null ? renderMarkdown(item.markdown) : null,
    embedUrl: video ? videoEmbedUrl(video) : null,
  }
}

/** Adds or removes the favourite (idempotent), then goes back where the form was (a card list or this page). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'read:content:own')
  const itemId = requireUuid(params.id, noItem)
  const form = await request.formData()
  invariantResponse(form.get('intent') === 'favourite', 'Unknown action.', 400)
  const favourite = form.get('favourite')
  invariantResponse(favourite === 'on' || favourite === 'off', 'Choose whether to add or remove the favourite.', 400)
  const done = await caller.db(async (db) =>
    setFavourite(db, {
      viewer: { tenantId: caller.viewer.tenantId, userId: caller.viewer.userId },
      audience: await loadContentAudience(db, caller.viewer.tenantId),
      itemId,
      favourite: favourite === 'on',
      now: new Date(),
    }),
  )
  invariantResponse(done, noItem)
  const back = safeRedirectPath(String(form.get('redirectTo') ?? ''), `/content/${itemId}`)
  return redirect(back.startsWith('/content') ? back : `/content/${itemId}`)
}

const downloadClass = 'inline-flex min-h-11 items-center justify-center rounded-md px-4 text-sm font-semibold'

export default function ContentItemPage() {
  const { item, html, embedUrl } = useLoaderData<typeof loader>()
  const latest = item.latest
  return (
    <div className="mx-auto max-w-3xl space-y-5">
      <Link to="/content" className="text-sm font-medium text-brand-text underline">
        ← Content
      </Link>
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <p className="text-sm text-slate-600">{item.kindLabel}</p>
          <h1 className="text-2xl font-bold break-words">{item.title}</h1>
          <p className="text-sm text-slate-700" data-testid="version-stamp">
            {latest.stamp}
          </p>
        </div>
        <FavouriteButton itemId={item.id} isFavourite={item.isFavourite} />
      </div>
      {item.summary ? <p className="break-words text-slate-800">{item.summary}</p> : null}
      {item.productLineNames.length > 0 ? (
        <p className="text-sm text-slate-600">
          <span className="font-medium">Product lines:</span> {item.productLineNames.join(', ')}
        </p>
      ) : null}

      {latest.downloadUrl ? (
        <div className="flex flex-wrap gap-2">
          {item.cobrandedUrl ? (
            <a href={item.cobrandedUrl} download className={`${downloadClass} bg-brand text-on-brand hover:underline`}>
              Download with your logo
            </a>
          ) : null}
          <a
            href={latest.downloadUrl}
            download
            className={`${downloadClass} ${item.cobrandedUrl ? 'border border-slate-300 bg-white text-slate-800' : 'bg-brand text-on-brand hover:underline'}`}
          >
            Download v{latest.number}
          </a>
          {latest.fileBytes ? <span className="self-center text-sm text-slate-600">{latest.fileName} · {formatBytes(latest.fileBytes)}</span> : null}
        </div>
      ) : null}
      {item.cobrandedUrl ? (
        <p className="text-sm text-slate-600">
          “Download with your logo” prints your logo and <Link to="/content/cobranding" className="underline">co-branding details</Link> on the template.
        </p>
      ) : null}

      {embedUrl ? (
        <div className="aspect-video overflow-hidden rounded-lg bg-black">
          <iframe src={embedUrl} title={item.title} className="size-full" allow="encrypted-media; picture-in-picture; fullscreen" sandbox="allow-scripts allow-same-origin allow-presentation" />
        </div>
      ) : latest.videoUrl ? (
        <p>
          <a href={latest.videoUrl} target="_blank" rel="noreferrer noopener" className="font-semibold underline">
            Watch the video
          </a>
        </p>
      ) : null}
      {latest.downloadUrl && latest.fileType?.startsWith('video/') ? (
        <video controls preload="metadata" className="w-full rounded-lg bg-black" aria-label={item.title}>
          <source src={latest.downloadUrl} type={latest.fileType} />
        </video>
      ) : null}
      {item.isText && html !== null ? <CopyableText html={html} title={item.title} /> : null}

      <section aria-labelledby="version-history" className="space-y-2">
        <h2 id="version-history" className="text-lg font-semibold">
          Version history
        </h2>
        {item.history.length === 0 ? (
          <p className="text-sm text-slate-600">This is the first version.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {item.history.map((version) => (
              <li key={version.id} className="flex flex-wrap items-center justify-between gap-2 p-3">
                <span className="text-sm">
                  {version.stamp} — superseded by v{version.supersededBy}
                </span>
                {version.downloadUrl ? (
                  <a href={version.downloadUrl} download aria-label={`Download ${item.title} v${version.number}`} className={`${downloadClass} border border-slate-300 bg-white`}>
                    Download v{version.number}
                  </a>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
