// The core's Store port on Prisma. Each repository takes either the client or a transaction client, so
// `transaction(fn)` hands features the same repositories bound to one SQLite transaction.
import type { Prisma, PrismaClient } from '@prisma/client';
import type { Store } from '../core/ports.ts';
import { createAttemptRepository } from './attempts.ts';
import { createLearnerRepository, type LearnerCache } from './learners.ts';
import { createProgressRepository, type CompletedCache } from './progress.ts';
import { createThreadRepository } from './threads.ts';

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
    threads: createThreadRepository(db, caches.completed, (fn) => ('$transaction' in db ? db.$transaction(fn) : fn(db))),
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
