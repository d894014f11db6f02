import { useSubmit } from '@remix-run/react'
import { useEffect, useRef } from 'react'

/**
 * A GET filter form that applies itself: `searchAsYouType` sends it after a
 * pause in typing, `applyNow` at once (a select changed); both replace the
 * history entry and keep the scroll position. Without JavaScript the form
 * still submits as a plain GET.
 */
export function useSearchAsYouType(pauseMs = 250) {
  const submit = useSubmit()
  const form = useRef<HTMLFormElement>(null)
  const typing = useRef<ReturnType<typeof setTimeout>>()
  useEffect(() => () => clearTimeout(typing.current), [])
  const applyNow = () => form.current && submit(form.current, { replace: true, preventScrollReset: true })
  const searchAsYouType = () => {
    clearTimeout(typing.current)
    typing.current = setTimeout(applyNow, pauseMs)
  }
  return { form, searchAsYouType, applyNow }
}
