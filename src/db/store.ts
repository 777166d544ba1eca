// The core's Store port on Prisma. Each repository takes either the client or a transaction client, so
// `transaction(fn)` hands features the same repositories bound to one SQLite transaction.
import type { Prisma, PrismaClient } from '@prisma/client';
import type { Store } from '../core/ports.ts';
import { createAttemptRepository } from './attempts.ts';
import { createLearnerRepository, type LearnerCache } from './learners.ts';
import { createProgressRepository, type CompletedCache } from './progress.ts';

type Db = PrismaClient | Prisma.TransactionClient;

interface Caches {
  learners: LearnerCache;
  completed: CompletedCache;
}

function bind(db: Db, caches: Caches, transaction: Store['transaction']): Store {
  return {
    learners: createLearnerRepository(db, caches.learners),
    progress: createProgressRepository(db, caches.completed),
    attempts: createAttemptRepository(db),
    threads: {
      async get(key) {
        const row = await db.threadState.findUnique({ where: { key } });
        return row ? { key, version: row.version, state: JSON.parse(row.state) as unknown } : undefined;
      },
      async put(key, state, expectedVersion) {
        const json = JSON.stringify(state);
        if (expectedVersion === null) {
          // createMany with skipDuplicates is not available on SQLite; a unique-key failure means someone won.
          try {
            await db.threadState.create({ data: { key, state: json, version: 1 } });
            return true;
          } catch (error) {
            if ((error as { code?: string }).code === 'P2002') return false;
            throw error;
          }
        }
        const { count } = await db.threadState.updateMany({ where: { key, version: expectedVersion }, data: { state: json, version: expectedVersion + 1 } });
        return count === 1;
      },
    },
    events: {
      async firstSeen(id) {
        try {
          await db.processedEvent.create({ data: { id } });
          return true;
        } catch (error) {
          if ((error as { code?: string }).code === 'P2002') return false;
          throw error;
        }
      },
    },
    transaction,
  };
}

export function createPrismaStore(prisma: PrismaClient): Store {
  const caches: Caches = { learners: new Map(), completed: new Set() };
  const nested = () => Promise.reject(new Error('nested transactions are not supported'));
  const transaction: Store['transaction'] = (fn) => prisma.$transaction((tx) => fn(bind(tx, caches, nested)));
  return bind(prisma, caches, transaction);
}
