import { describe, expect, it } from 'vitest';
import { describeProblem, takenTicketIds } from './problems';

describe('describeProblem', () => {
  it('names the next step for a seat taken while choosing', () => {
    const problem = describeProblem({
      message: 'Some tickets are no longer available',
      data: { appCode: 'TICKETS_UNAVAILABLE', details: [{ ticketID: 't1', status: 'reserved' }] },
    });
    expect(problem.title).toBe('Those seats were just taken');
    expect(problem.next).toMatch(/Pick other seats/);
    expect(takenTicketIds(problem)).toEqual(['t1']);
  });

  it('tells a rate-limited fan how long to wait', () => {
    const problem = describeProblem({
      message: 'Too many requests',
      data: { appCode: 'RATE_LIMITED', retryAfter: 4 },
    });
    expect(problem.next).toBe('Wait 4 s, then try again.');
  });

  it('never shows an internal message', () => {
    const problem = describeProblem(new Error('relation "x" does not exist'));
    expect(problem.code).toBe('INTERNAL');
    expect(problem.message).not.toMatch(/relation/);
  });

  it('says the network is down when fetch fails', () => {
    expect(describeProblem(new TypeError('Failed to fetch')).code).toBe('OFFLINE');
  });
});
