/** Poll until `done` holds or the deadline passes (never a fixed sleep); returns the last value read. */
export declare function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs?: number, intervalMs?: number): Promise<T>;
