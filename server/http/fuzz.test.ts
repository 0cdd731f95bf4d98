import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientEventSchemas } from '../../shared/events.js'
import type { Ack } from '../../shared/errors.js'
import type { Assembly } from '../../shared/schemas/assemblies.js'
import type { Board, Post } from '../../shared/schemas/boards.js'
import type { Round, WallItem } from '../../shared/schemas/wall.js'
import { testDialects } from '../test/databases.js'
import {
  arbitraryFor,
  encodeSegment,
  errorShapeProblem,
  hostileValue,
  queryString,
  RAW_BODIES,
  type IdPool,
} from '../test/hostile.js'
import { createLinkedClasses, type LinkedClasses } from '../test/links.js'
import { startTestServer, type TestClient, type TestServer, type TestSocket } from '../test/server.js'
import { MAX_FRAME_BYTES } from '../realtime/io.js'
import { registeredRoutes, type RouteSpec } from './routes.js'

/**
 * Every API route and every socket event, fed hostile values generated from their own schemas, as a
 * signed-in teacher and pupil of a linked pair: nothing may answer 5xx, every refusal must have the
 * error shape, and the node must be alive at the end. FUZZ_RUNS and FUZZ_SEED reproduce or widen a run.
 */
// 15 a route and person (it was 25): ~120 routes × 15 × each person allowed, on each dialect, with a new seed
// every run, is about 2,000 requests per dialect and kept the HTTP fuzz well inside its 120 s on a 2-core CI
// machine (25 took 100–115 s there, too close to flake). Every route and person still gets hostile values
// from its own schema each run, and the seeds differ run to run; FUZZ_RUNS=100 widens a run. Socket events
// (cheap: about 7 s) keep their 50 calls each.
const RUNS = Number(process.env.FUZZ_RUNS ?? 15)
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000)

/** Routes that would end the fuzzing session itself; they are fuzzed signed out instead. */
const SESSION_ENDING = new Set(['post /auth/sign-out', 'post /auth/sign-out-everywhere', 'post /auth/password'])

interface Request {
  params: unknown
  query: unknown
  body: string | undefined
}

function requestArbitrary(route: RouteSpec, ids: IdPool): fc.Arbitrary<Request> {
  const takesBody = route.method !== 'get' && route.method !== 'delete'
  const json = (schema: typeof route.body) =>
    (schema ? arbitraryFor(schema, ids) : hostileValue).map((v) => JSON.stringify(v) ?? 'null')
  return fc.record({
    params: route.params ? arbitraryFor(route.params, ids) : fc.constant({}),
    query: route.query ? arbitraryFor(route.query, ids) : fc.option(hostileValue, { freq: 3, nil: undefined }),
    body: takesBody
      ? fc.oneof({ arbitrary: json(route.body), weight: 8 }, { arbitrary: fc.constantFrom(...RAW_BODIES), weight: 1 })
      : fc.constant(undefined),
  })
}

function urlOf(route: RouteSpec, request: Request): string {
  const params = request.params
  const path = route.path.replace(/:(\w+)/g, (_, name: string) =>
    encodeSegment(
      typeof params === 'object' && params !== null && name in params
        ? (params as Record<string, unknown>)[name]
        : params,
    ),
  )
  const query = request.query === undefined ? '' : `?${queryString(request.query)}`
  return `/api${path}${query}`
}

const excerpt = (value: unknown) => {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
  return text.length > 160 ? `${text.slice(0, 160)}… (${text.length} chars)` : text
}

/** Answers by status, to show the fuzz reaches past the schemas (2xx, 403, 404, 409…), not only 400s. */
const statuses = new Map<number, number>()

/** Sends one request; a description of what was wrong with the answer, or undefined. */
async function check(
  server: TestServer,
  client: TestClient | undefined,
  route: RouteSpec,
  request: Request,
): Promise<string | undefined> {
  const url = urlOf(route, request)
  const res = await fetch(server.url + url, {
    method: route.method.toUpperCase(),
    headers: {
      ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(client?.cookie ? { cookie: client.cookie } : {}),
    },
    body: request.body,
  })
  const text = await res.text()
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
  const describe = () =>
    `${route.method.toUpperCase()} ${excerpt(url)} body ${excerpt(request.body)} → ${res.status} ${excerpt(text)}`
  if (res.status >= 500) return describe()
  if (res.status < 400) return undefined
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return `not JSON: ${describe()}`
  }
  const problem = errorShapeProblem(body)
  return problem ? `${problem}: ${describe()}` : undefined
}

/** Emits an event with the given arguments and an acknowledgement; what was wrong with the answer, or undefined. */
function checkEvent(socket: TestSocket, event: string, args: unknown[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    const describe = (what: string) => `${event}(${args.map(excerpt).join(', ')}) ${what}`
    if (!socket.connected) return resolve(describe('was sent on a closed connection'))
    const timer = setTimeout(() => resolve(describe('was never answered')), 5000)
    ;(socket as unknown as { emit(e: string, ...a: unknown[]): void }).emit(event, ...args, (res: Ack<unknown>) => {
      clearTimeout(timer)
      if (typeof res !== 'object' || res === null) return resolve(describe(`answered ${excerpt(res)}`))
      if (res.ok === true) return resolve(undefined)
      if (res.ok === false) {
        const problem = errorShapeProblem(res)
        return resolve(
          problem
            ? describe(`answered ${excerpt(res)}: ${problem}`)
            : res.error.code === 'INTERNAL'
              ? describe('answered INTERNAL')
              : undefined,
        )
      }
      resolve(describe(`answered ${excerpt(res)}`))
    })
  })
}

/** About what Socket.IO writes for an event with these arguments (its own encoding is JSON as well). */
const frameBytes = (event: string, args: unknown[]) => Buffer.byteLength(JSON.stringify([event, ...args]) ?? '')

/** A frame over the cap must close its connection rather than be left hanging. */
function checkClosed(socket: TestSocket, event: string, args: unknown[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => resolve(`${event}(${frameBytes(event, args)} bytes) neither answered nor closed`),
      5000,
    )
    socket.once('disconnect', () => {
      clearTimeout(timer)
      resolve(undefined)
    })
    ;(socket as unknown as { emit(e: string, ...a: unknown[]): void }).emit(event, ...args, () => {
      clearTimeout(timer)
      resolve(`${event}(${frameBytes(event, args)} bytes) was answered past the frame cap`)
    })
  })
}

describe.each(testDialects())('fuzz on $name', (dialect) => {
  let server: TestServer
  let linked: LinkedClasses
  let ids: IdPool
  beforeAll(async () => {
    server = await startTestServer({
      storage: await dialect.open(),
      // Refusals for going too fast are right answers, but they would stop the fuzz reaching the services.
      env: {
        BOARD_POSTS_PER_MINUTE: '100000',
        SOCKET_EVENTS_PER_10S: '1000000',
        SOCKET_USER_EVENTS_PER_10S: '1000000',
      },
    })
    linked = await createLinkedClasses(server, { pupilsPerClass: 2 })
    const [london, nairobi] = linked.sides
    const teacher = london!.teacher.client
    const pupil = london!.pupils[0]!.client
    const linkId = linked.link.id
    const board = (await teacher.post<Board>(`/api/links/${linkId}/boards`, { title: 'Fuzz' })).body
    const thread = (await teacher.post<Post>(`/api/boards/${board.id}/threads`, { title: 'Hello', body: 'First' })).body
    const reply = (await pupil.post<Post>(`/api/threads/${thread.id}/replies`, { body: 'Hi' })).body
    const round = (
      await teacher.post<Round>(`/api/links/${linkId}/rounds`, {
        theme: 'Food',
        deadline: '2099-01-01T00:00:00Z',
        releaseAt: '2099-01-02T00:00:00Z',
      })
    ).body
    const letter = (await pupil.post<WallItem>(`/api/links/${linkId}/wall`, { kind: 'letter', body: 'Dear friends' }))
      .body
    const assembly = (
      await teacher.post<Assembly>(`/api/links/${linkId}/assemblies`, { title: 'Hello', startNow: true })
    ).body
    // The fuzzing pupil is never a target, so no generated request deactivates the session doing the fuzzing.
    const targets = [london!.pupils[1]!, ...nairobi!.pupils].map((p) => p.user.id)
    const byName: Record<string, string[]> = {
      linkId: [linkId],
      classId: linked.sides.map((s) => s.schoolClass.id),
      boardId: [board.id],
      threadId: [thread.id],
      itemId: [thread.id, reply.id, letter.id],
      parentId: [letter.id],
      roundId: [round.id],
      assemblyId: [assembly.id],
      pupilId: targets,
      toPupilId: targets,
    }
    ids = { byName, all: [...new Set(Object.values(byName).flat())] }
    console.info(
      `fuzz on ${dialect.name}: seed ${SEED}, ${RUNS} runs per route and person (FUZZ_SEED=${SEED} to repeat)`,
    )
  })
  afterAll(() => server?.close())

  it('no API route answers 5xx, and every refusal has the error shape', async () => {
    const [london] = linked.sides
    const people: [string, TestClient | undefined][] = [
      ['teacher', london!.teacher.client],
      ['pupil', london!.pupils[0]!.client],
      ['signed out', undefined],
    ]
    const failures: string[] = []
    let sent = 0
    for (const route of [...registeredRoutes]) {
      const requests = fc.sample(requestArbitrary(route, ids), { numRuns: RUNS, seed: SEED })
      for (const [who, client] of people) {
        // Signed out, only the public routes and those that end a session; signed in, all but those.
        const ending = SESSION_ENDING.has(`${route.method} ${route.path}`)
        if ((client === undefined) !== (route.access === 'public' || ending)) continue
        for (const request of requests) {
          sent++
          const problem = await check(server, client, route, request)
          if (problem) failures.push(`${who}: ${problem}`)
        }
      }
    }
    console.info(
      `fuzz on ${dialect.name}: ${sent} requests over ${registeredRoutes.length} routes, ${failures.length} failures; answers by status ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    )
    statuses.clear()
    expect(failures).toEqual([])
    // Room to finish while another test file shares the 2 cores (two Vitest workers): the requests go one
    // after another, so each waits its turn on a busy machine. The time limit checks nothing of the app.
  }, 240_000)

  it('every socket event answers every call with an acknowledgement of the right shape', async () => {
    const [london] = linked.sides
    const people: [string, TestClient][] = [
      ['teacher', london!.teacher.client],
      ['pupil', london!.pupils[0]!.client],
    ]
    const sockets = new Map<string, TestSocket>()
    for (const [who, client] of people) sockets.set(who, await client.connectSocket())
    const failures: string[] = []
    for (const [event, schema] of Object.entries(clientEventSchemas)) {
      const calls = fc.sample(
        fc.oneof(
          { arbitrary: arbitraryFor(schema, ids).map((payload) => [payload]), weight: 6 },
          { arbitrary: fc.tuple(arbitraryFor(schema, ids), hostileValue), weight: 1 },
          { arbitrary: fc.constant<unknown[]>([]), weight: 1 },
        ),
        { numRuns: Math.max(RUNS * 2, 50), seed: SEED },
      )
      // Every run, one frame past the cap (the fuzz makes one only now and then).
      calls.push([{ linkId: 'z'.repeat(MAX_FRAME_BYTES) }])
      for (const [who, client] of people) {
        for (const args of calls) {
          const socket = sockets.get(who)!
          // A frame past the server's cap is not read at all: the connection closes, the client connects
          // again. Anything smaller must be answered.
          const problem =
            frameBytes(event, args) > MAX_FRAME_BYTES
              ? await checkClosed(socket, event, args)
              : await checkEvent(socket, event, args)
          if (!socket.connected) sockets.set(who, await client.connectSocket())
          if (problem) failures.push(`${who}: ${problem}`)
          // A call left unanswered costs its whole wait: a few say enough, and the test ends with them in view.
          if (failures.length >= 5) break
        }
      }
      if (failures.length >= 5) break
    }
    for (const socket of sockets.values()) socket.disconnect()
    expect(failures, `seed ${SEED}`).toEqual([])
  }, 60_000)

  it('leaves the node alive', async () => {
    const res = await fetch(`${server.url}/api/health`)
    expect(res.status).toBe(200)
  })
})
