import type { RedisClientType } from 'redis'
import type { Config } from './config.js'
import { createAccountsRepository } from './features/accounts/accounts.repository.js'
import { AccountsService } from './features/accounts/accounts.service.js'
import { createSignInLimiter } from './features/accounts/signInLimiter.js'
import { createSchoolsRepository } from './features/schools/schools.repository.js'
import { SchoolsService } from './features/schools/schools.service.js'
import { LinkAccess } from './features/links/linkAccess.js'
import { createMembershipRepository } from './features/links/membership.repository.js'
import type { Storage } from './storage/database.js'

/** The domain services, built once from storage; transport layers only ever call these. */
export interface Services {
  accounts: AccountsService
  schools: SchoolsService
  linkAccess: LinkAccess
}

export function createServices(storage: Storage, config: Config, redis?: RedisClientType): Services {
  const accountsRepository = createAccountsRepository(storage.db)
  const schoolsRepository = createSchoolsRepository(storage.db)
  return {
    accounts: new AccountsService(
      accountsRepository,
      createSignInLimiter(config.signInLimits, redis, config.redisPrefix),
      config.sessionTtlMs,
    ),
    schools: new SchoolsService(schoolsRepository, accountsRepository),
    linkAccess: new LinkAccess(createMembershipRepository(storage.db)),
  }
}
