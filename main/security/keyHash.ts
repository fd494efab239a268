// API keys at rest are SHA-256 digests; a presented key is hashed and compared against every stored
// digest with crypto.timingSafeEqual (fixed length, no early exit), so timing reveals nothing of
// which key, or how much of one, matched.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const hashKey = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

export function generateKey(): string {
  return randomBytes(32).toString('base64url');
}

export const digestsEqual = (a: Buffer, b: Buffer): boolean => timingSafeEqual(a, b);

/** Index of the digest equal to hash(presented) among `digests`, or -1; always compares them all. */
export function findDigest(
  presented: string,
  digests: Buffer[],
  equal: (a: Buffer, b: Buffer) => boolean = digestsEqual,
): number {
  const h = hashKey(presented);
  let found = -1;
  for (let i = 0; i < digests.length; i++) if (equal(h, digests[i]!) && found < 0) found = i;
  return found;
}

/** The live (not revoked) entry whose digest matches the presented key, compared with every one of them. */
export function findLiveKey<E extends { digest: Buffer; revoked: boolean }>(entries: E[], presented: string): E | null {
  const live = entries.filter((e) => !e.revoked);
  const i = findDigest(
    presented,
    live.map((e) => e.digest),
  );
  return i < 0 ? null : live[i]!;
}
