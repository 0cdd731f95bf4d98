/**
 * The part of React Router's API that Bridges uses, on wouter (issue 13: a pupil's first pages on a slow
 * school line). React Router 7 cost 13 KB gzipped on every page; wouter and this adapter cost under 3 KB.
 *
 * vite.config.ts and tsconfig.json point the specifier `react-router` at this file, so pages keep writing
 * `import { Link, useParams } from 'react-router'`. What is here behaves as React Router's namesake does
 * for the way the app uses it: absolute paths, one route table (`useRoutes` with nested layouts and
 * `<Outlet />`), ranked matching (a static segment beats a `:param`), decoded params, `NavLink`'s
 * `aria-current="page"` and `end`. Not here: loaders, actions, relative links, `useMatch` — a page that
 * needs one gets a tsc error naming it; add it here, on wouter.
 */
import {
  createContext,
  useCallback,
  useContext,
  useMemo,
  type AnchorHTMLAttributes,
  type MouseEvent,
  type ReactNode,
  type Ref,
} from 'react'
import { Redirect, Router, matchRoute, useRouter, useSearchParams as useWouterSearchParams } from 'wouter'
import {
  navigate as go,
  useHistoryState,
  useLocationProperty,
  usePathname,
  useSearch,
} from 'wouter/use-browser-location'

export interface RouteObject {
  path?: string
  index?: boolean
  element?: ReactNode
  children?: RouteObject[]
}
export type Params<K extends string = string> = Readonly<Partial<Record<K, string>>>
export interface Location {
  pathname: string
  /** With its `?`, as React Router gives it. */
  search: string
  hash: string
  state: unknown
}
export interface NavigateOptions {
  replace?: boolean
  state?: unknown
}
export type NavigateFunction = (to: string | number, options?: NavigateOptions) => void

const OutletContext = createContext<ReactNode>(null)
const ParamsContext = createContext<Params>({})

/** Wraps the app; the browser's address bar is the one location (wouter's default router). */
export const BrowserRouter = Router

/** One route of the table with its layouts, as a full path: `links/:linkId` under a layout is `/links/:linkId`. */
interface Branch {
  path: string
  chain: RouteObject[]
  score: number
}

const joinPaths = (parent: string, child: string | undefined) =>
  `${parent.replace(/\/$/, '')}/${(child ?? '').replace(/^\//, '')}`

function flatten(routes: RouteObject[], parent = '', chain: RouteObject[] = []): Branch[] {
  return routes.flatMap((route) => {
    const path = route.index ? parent || '/' : joinPaths(parent, route.path)
    const here = [...chain, route]
    if (route.children?.length) return flatten(route.children, path, here)
    return [{ path, chain: here, score: scoreOf(path, route.index === true) }]
  })
}

/** React Router's ranking: more segments and static ones first, `:params` next, `*` last. */
function scoreOf(path: string, index: boolean): number {
  const segments = path.split('/').filter(Boolean)
  return segments.reduce(
    (score, segment) => score + (segment === '*' ? -2 : segment.startsWith(':') ? 3 : 10),
    segments.length + (index ? 2 : 0),
  )
}

const decode = (value: string) => {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

type Parser = ReturnType<typeof useRouter>['parser']

/** The first branch (they come ranked) whose path matches, with React Router's params: named only, decoded. */
function matchBranch(branches: Branch[], parser: Parser, pathname: string) {
  for (const branch of branches) {
    const [matched, raw] = matchRoute(parser, branch.path, pathname)
    if (!matched) continue
    const params = Object.fromEntries(
      Object.entries(raw)
        .filter(([key, value]) => !/^\d+$/.test(key) && value !== undefined)
        .map(([key, value]) => [key, decode(value!)]),
    )
    return { branch, params }
  }
  return null
}

/** Renders the first route of the table (ranked as React Router ranks them) whose path matches the address. */
export function useRoutes(routes: RouteObject[]): ReactNode {
  const { parser } = useRouter()
  const pathname = usePathname()
  const branches = useMemo(() => flatten(routes).sort((a, b) => b.score - a.score), [routes])
  const match = useMemo(() => matchBranch(branches, parser, pathname), [branches, parser, pathname])
  if (!match) return null
  const element = match.branch.chain.reduceRight<ReactNode>(
    (outlet, route) => <OutletContext.Provider value={outlet}>{route.element ?? outlet}</OutletContext.Provider>,
    null,
  )
  return <ParamsContext.Provider value={match.params}>{element}</ParamsContext.Provider>
}

/** Where a layout shows the page that matched below it. */
export function Outlet(): ReactNode {
  return useContext(OutletContext)
}

export function useParams<K extends string = string>(): Params<K> {
  return useContext(ParamsContext)
}

const currentHash = () => window.location.hash

export function useLocation(): Location {
  const pathname = usePathname()
  const search = useSearch()
  const hash = useLocationProperty(currentHash)
  const state: unknown = useHistoryState()
  return useMemo(() => ({ pathname, search, hash, state }), [pathname, search, hash, state])
}

export function useNavigate(): NavigateFunction {
  return useCallback((to, options) => (typeof to === 'number' ? window.history.go(to) : go(to, options)), [])
}

export const useSearchParams = useWouterSearchParams

/** Sends the reader elsewhere as soon as it renders (a redirect, not a link). */
export function Navigate({ to, replace, state }: { to: string } & NavigateOptions) {
  return <Redirect to={to} replace={replace} state={state} />
}

export type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & {
  to: string
  replace?: boolean
  state?: unknown
  ref?: Ref<HTMLAnchorElement>
}

/** An ordinary link (open in a new tab, copy it) that moves within the app without reloading it. */
export function Link({ to, replace, state, onClick, ...anchor }: LinkProps) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event)
    const plain = event.button === 0 && !(event.metaKey || event.altKey || event.ctrlKey || event.shiftKey)
    if (event.defaultPrevented || !plain || (anchor.target && anchor.target !== '_self')) return
    event.preventDefault()
    go(to, { replace, state })
  }
  return <a {...anchor} href={to} onClick={follow} />
}

/** React Router's rule: `/links` is active on `/links/7` too, unless `end`; `/` only on `/`. */
function isActive(pathname: string, to: string, end: boolean): boolean {
  const target = (to.split(/[?#]/)[0] ?? '').toLowerCase()
  const here = pathname.toLowerCase()
  if (here === target) return true
  const stem = target !== '/' && target.endsWith('/') ? target.slice(0, -1) : target
  return !end && here.startsWith(stem) && here.charAt(stem.length) === '/'
}

/** A navigation link that marks itself `aria-current="page"` (and class `active`) while its page is open. */
export function NavLink({ end = false, className, ...link }: LinkProps & { end?: boolean }) {
  const active = isActive(usePathname(), link.to, end)
  return (
    <Link
      {...link}
      aria-current={active ? 'page' : undefined}
      className={[className, active ? 'active' : undefined].filter(Boolean).join(' ') || undefined}
    />
  )
}
