// Background jobs on a team server: a job is claimed by one replica (FOR UPDATE SKIP LOCKED, under
// the user's lock), runs there once, and is taken over by another replica only when its lease has
// run out (its replica was killed mid-job); the late replica's work is then refused, not applied twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connectDatabase } from '../../../postgres/database.js';
import { migrate } from '../../../postgres/migrations.js';
import { POSTGRES_SKIP, sharedCluster } from '../../../postgres/testing.js';
import { PgMemoryStore } from './store.js';

test(
  'each job is claimed by one replica at a time, and taken over only after its lease',
  { skip: POSTGRES_SKIP },
  async (t) => {
    const db = await connectDatabase({ url: await (await sharedCluster()).createDatabase('jobs'), log: () => {} });
    t.after(() => db.close());
    await migrate(db);
    const a = new PgMemoryStore(db, 'ann', 'replica-a');
    const b = new PgMemoryStore(db, 'ann', 'replica-b');
    const other = new PgMemoryStore(db, 'ole', 'replica-b');
    const now = new Date().toISOString();
    await a.transaction(async (tx) => {
      await tx.jobs.enqueue('consolidate', now);
      await tx.jobs.enqueue('consolidate', now);
      await tx.jobs.enqueue('analyze', now);
    });
    await other.transaction((tx) => tx.jobs.enqueue('consolidate', now));
    assert.equal(await a.jobs.count(), 2, 'one waiting job of a kind');

    // Both replicas claim at the same moment: one gets the oldest job, the other nothing of this user's
    // while it runs (one job of a user at a time), though another user's job is free to take.
    const [ja, jb] = await Promise.all([
      a.transaction((tx) => tx.jobs.claim()),
      b.transaction((tx) => tx.jobs.claim()),
    ]);
    const [won, lost] = ja ? [ja, jb] : [jb, ja];
    assert.equal(won?.kind, 'consolidate');
    assert.equal(lost, undefined);
    const holder = ja ? a : b;
    const waiter = ja ? b : a;
    assert.equal(await waiter.transaction((tx) => tx.jobs.claim()), undefined);
    assert.equal((await other.transaction((tx) => tx.jobs.claim()))?.kind, 'consolidate');

    // Done where it was claimed: removed; the next job goes to whichever replica asks.
    await assert.rejects(
      waiter.transaction((tx) => tx.jobs.remove(won!.id)),
      /another replica took over/,
    );
    await holder.transaction((tx) => tx.jobs.remove(won!.id));
    const next = await waiter.transaction((tx) => tx.jobs.claim());
    assert.equal(next?.kind, 'analyze');

    // Its replica dies mid-job: once the lease has run out another replica takes the job, and the
    // dead one's late removal (its work's commit) is refused.
    await db.query("UPDATE memory_jobs SET claimed_until = now() - interval '1 second' WHERE id = $1", [next!.id]);
    const taken = await holder.transaction((tx) => tx.jobs.claim());
    assert.equal(taken?.id, next!.id);
    await assert.rejects(
      waiter.transaction((tx) => tx.jobs.remove(next!.id)),
      /another replica took over/,
    );
    await holder.transaction((tx) => tx.jobs.remove(next!.id));
    assert.equal(await a.jobs.count(), 0);
  },
);
