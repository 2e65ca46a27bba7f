import { Deadlines, type Deadline } from '../../packages/runtime/src/server-body';

/** The server's shared body-deadline sweep: an intrusive linked list checked by one interval timer. */
describe('Deadlines', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  const deadline = (log: string[], name: string): Deadline & { name: string } => ({
    name,
    at: 0,
    prev: undefined,
    next: undefined,
    expire: () => log.push(name),
  });

  test('each deadline fires once, between its time and one period later; deleted ones never fire', () => {
    const d = new Deadlines(400); // period 100 ms
    const log: string[] = [];
    const a = deadline(log, 'a');
    const b = deadline(log, 'b');
    const c = deadline(log, 'c');
    const e = deadline(log, 'e');
    d.add(a, 400);
    d.add(b, 400);
    d.add(c, 400);
    jest.advanceTimersByTime(200);
    d.add(e, 400);
    d.delete(b); // from the middle of the list
    d.delete(b); // twice: nothing happens
    expect(d.pending).toBe(3);
    jest.advanceTimersByTime(199);
    expect(log).toStrictEqual([]);
    jest.advanceTimersByTime(101);
    expect(log).toStrictEqual(['a', 'c']);
    expect(d.pending).toBe(1);
    jest.advanceTimersByTime(99); // e is due at 600
    expect(log).toStrictEqual(['a', 'c']);
    jest.advanceTimersByTime(1);
    expect(log).toStrictEqual(['a', 'c', 'e']);
    expect(d.pending).toBe(0);
    expect(jest.getTimerCount()).toBe(0); // the sweep stops once nothing is pending
    jest.advanceTimersByTime(10_000);
    expect(log).toStrictEqual(['a', 'c', 'e']);
  });

  test('re-adding a pending deadline moves it; one expiring may add and delete others', () => {
    const d = new Deadlines(400);
    const log: string[] = [];
    const a = deadline(log, 'a');
    const b = deadline(log, 'b');
    const late = deadline(log, 'late');
    d.add(a, 400);
    d.add(b, 400);
    jest.advanceTimersByTime(300);
    d.add(a, 400); // re-armed: now due 400 ms from here
    expect(d.pending).toBe(2);
    b.expire = () => {
      log.push('b');
      d.delete(a);
      d.add(late, 100);
    };
    jest.advanceTimersByTime(100); // b is due at 400, a now at 700
    expect(log).toStrictEqual(['b']);
    expect(d.pending).toBe(1);
    jest.advanceTimersByTime(100); // late, added at 400, is due at 500
    expect(log).toStrictEqual(['b', 'late']);
    expect(d.pending).toBe(0);
    jest.advanceTimersByTime(1000);
    expect(log).toStrictEqual(['b', 'late']);
  });

  test('thousands pending, most removed before they are due: only the rest fire', () => {
    const d = new Deadlines(10_000);
    const log: string[] = [];
    const all = Array.from({ length: 5000 }, (_, i) => deadline(log, String(i)));
    for (const x of all) d.add(x, 10_000);
    for (const x of all) if (Number(x.name) % 1000 !== 7) d.delete(x);
    expect(d.pending).toBe(5);
    jest.advanceTimersByTime(10_250);
    expect(log).toStrictEqual(['7', '1007', '2007', '3007', '4007']);
    expect(jest.getTimerCount()).toBe(0);
  });
});
