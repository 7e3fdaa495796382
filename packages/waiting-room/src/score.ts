import { randomInt } from 'node:crypto';

/**
 * One sorted-set score carries the whole ordering: a band, then an order within it.
 *
 *   band 0  members, joined before the opening   (random order)
 *   band 1  members, joined after the opening    (first come, first served)
 *   band 2  others, joined before the opening    (random order)
 *   band 3  others, joined after the opening     (first come, first served)
 *
 * A random order key given at join time is the same as shuffling the pre-queue at the opening (a uniformly
 * random permutation), without a step at the opening that would rewrite a million entries at once.
 * Scores stay below 2^53, so doubles hold them exactly.
 */
export const bandWidth = 2 ** 50;
/** Random order keys below 2^48 (randomInt allows a range under 2^48): ties among a million fans are rare and broken by the member string. */
export const randomKeyLimit = 2 ** 48 - 1;

export function bandOf(member: boolean, memberPriority: boolean, prequeue: boolean): number {
  return (member && memberPriority ? 0 : 2) + (prequeue ? 0 : 1);
}

export const bandBase = (band: number) => band * bandWidth;

/** A cryptographically random order key for a pre-queue fan. */
export const randomOrderKey = () => randomInt(0, randomKeyLimit);

export const bandOfScore = (score: number) => Math.floor(score / bandWidth);
