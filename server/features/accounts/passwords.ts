import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto'

// scrypt is memory-hard: N=2^15, r=8 needs 32 MiB per hash, which makes guessing on GPUs costly.
export const PRODUCTION_LOG_N = 15
const PARAMS = { N: 2 ** PRODUCTION_LOG_N, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } satisfies ScryptOptions
const KEY_LENGTH = 32

/**
 * Sets the cost of new hashes (log2 of N) from configuration: config.ts allows less than 15 only under
 * NODE_ENV=test, where every test registers teachers and a hash at 15 costs a CPU-second on a busy
 * CI machine. Stored hashes name their own parameters, so verifying is unaffected.
 */
export function setPasswordHashCost(logN: number): void {
  PARAMS.N = 2 ** logN
  // Made now, so the first sign-in with an unknown email takes no longer than one with a known one.
  void decoyHash()
}

function scrypt(password: string, salt: Buffer, params: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFKC'), salt, KEY_LENGTH, params, (error, key) =>
      error ? reject(error) : resolve(key),
    )
  })
}

/** Returns a self-describing hash: `scrypt$N$r$p$salt$key` (base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, PARAMS)
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false
  const expected = Buffer.from(key, 'base64')
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  })
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}

const decoys = new Map<number, Promise<string>>()

/** A hash of a random password (at the current cost), verified against when an email is unknown, so timing reveals nothing. */
export function decoyHash(): Promise<string> {
  let decoy = decoys.get(PARAMS.N)
  if (!decoy) decoys.set(PARAMS.N, (decoy = hashPassword(randomBytes(16).toString('hex'))))
  return decoy
}

/** The rule a new password must meet, or null when it meets it. */
export function passwordProblem(password: string, minLength: number): string | null {
  if ([...password].length < minLength) return `Password must be at least ${minLength} characters long`
  if (new Set(password).size < 4) return 'Password must use at least 4 different characters'
  return null
}
