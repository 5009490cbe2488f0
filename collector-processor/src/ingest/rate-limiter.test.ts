import { RateLimiter } from './rate-limiter';

const T0 = 1_700_000_000_000;

describe('RateLimiter.admit', () => {
  it('admits a request only when every project has room, and then charges each once', () => {
    const limiter = new RateLimiter();
    // Burst is two seconds' worth: 20 for a and 4 for b.
    expect(limiter.admit([{ projectId: 'b', ratePerSecond: 2, cost: 4 }], T0)).toEqual({ wait: 0 });

    const both = [
      { projectId: 'a', ratePerSecond: 10, cost: 20 },
      { projectId: 'b', ratePerSecond: 2, cost: 1 },
    ];
    expect(limiter.admit(both, T0)).toEqual({ wait: 1, limitedProjectId: 'b' });
    expect(limiter.admit(both, T0)).toEqual({ wait: 1, limitedProjectId: 'b' });
    // a was never charged: its whole burst is still there once b has a token again.
    expect(limiter.admit(both, T0 + 500)).toEqual({ wait: 0 });
    expect(limiter.admit([{ projectId: 'a', ratePerSecond: 10, cost: 1 }], T0 + 500)).toEqual({
      wait: 1,
      limitedProjectId: 'a',
    });
  });

  it('charges a project listed twice for the sum', () => {
    const limiter = new RateLimiter();
    expect(limiter.admit([{ projectId: 'a', ratePerSecond: 10, cost: 10 }], T0)).toEqual({ wait: 0 });
    // 10 tokens left: each part fits, the sum does not.
    const twice = [
      { projectId: 'a', ratePerSecond: 10, cost: 6 },
      { projectId: 'a', ratePerSecond: 10, cost: 6 },
    ];
    expect(limiter.admit(twice, T0)).toEqual({ wait: 1, limitedProjectId: 'a' });
    expect(limiter.admit(twice.slice(0, 1), T0)).toEqual({ wait: 0 });
  });

  it('answers the longest wait among the limited projects', () => {
    const limiter = new RateLimiter();
    limiter.admit(
      [
        { projectId: 'a', ratePerSecond: 1, cost: 2 },
        { projectId: 'b', ratePerSecond: 1, cost: 2 },
      ],
      T0,
    );
    const { wait } = limiter.admit(
      [
        { projectId: 'a', ratePerSecond: 1, cost: 1 },
        { projectId: 'b', ratePerSecond: 1, cost: 2 },
      ],
      T0,
    );
    expect(wait).toBe(2);
  });

  it('admits a request larger than the whole burst once the bucket is full', () => {
    const limiter = new RateLimiter();
    expect(limiter.admit([{ projectId: 'a', ratePerSecond: 1, cost: 50 }], T0)).toEqual({ wait: 0 });
    expect(limiter.admit([{ projectId: 'a', ratePerSecond: 1, cost: 50 }], T0 + 1_000).wait).toBe(1);
    expect(limiter.admit([{ projectId: 'a', ratePerSecond: 1, cost: 50 }], T0 + 2_000)).toEqual({ wait: 0 });
  });

  it('refund gives back what an admitted request could not store, up to the burst', () => {
    const limiter = new RateLimiter();
    const charge = [{ projectId: 'a', ratePerSecond: 1, cost: 2 }];
    expect(limiter.admit(charge, T0)).toEqual({ wait: 0 });
    limiter.refund(charge);
    expect(limiter.admit(charge, T0)).toEqual({ wait: 0 });
    limiter.refund(charge);
    limiter.refund(charge);
    expect(limiter.admit(charge, T0)).toEqual({ wait: 0 });
    expect(limiter.admit([{ projectId: 'a', ratePerSecond: 1, cost: 1 }], T0).wait).toBe(1);
  });

  it('enforces its share of the limit when replicas are live, and the whole limit again alone', () => {
    let replicas = 4;
    const limiter = new RateLimiter(() => replicas);
    const charge = (cost: number, at: number) =>
      limiter.admit([{ projectId: 'a', ratePerSecond: 100, cost }], at);
    // 100/s across four replicas: 25/s here, a burst of 50.
    expect(charge(50, T0)).toEqual({ wait: 0 });
    expect(charge(10, T0)).toEqual({ wait: 1, limitedProjectId: 'a' });
    // Alone again: 100/s, refilled at that rate and up to a burst of 200.
    replicas = 1;
    expect(charge(150, T0 + 2000)).toEqual({ wait: 0 });
  });
});
