import { CallbackDeadline, Deadline } from '../../packages/runtime/src/deadlines';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('call deadlines (one shared sweep over a linked list)', () => {
  test('only armed, uncancelled deadlines expire, each once, whatever order they were armed and cancelled in', async () => {
    const fired: number[] = [];
    const now = Date.now();
    const ds = Array.from({ length: 50 }, (_, i) => new CallbackDeadline(now + (i % 2 ? 30 : 60_000), () => fired.push(i)));
    ds.forEach((d) => d.watch());
    ds[7]!.watch(); // arming twice is harmless
    // Cancel from the head, the tail and the middle of the list, and one twice.
    for (const i of [49, 0, 25, 13, 13, 1, 47]) ds[i]!.cancel();
    await sleep(150);
    const expected = ds.map((_, i) => i).filter((i) => i % 2 === 1 && ![1, 13, 25, 47, 49].includes(i));
    expect(fired.sort((a, b) => a - b)).toEqual(expected);
    // The far ones are still pending; cancelling them empties the list and the sweep stops.
    for (const d of ds) d.cancel();
    expect(Deadline.idle).toBe(true);
    await sleep(60);
    expect(fired).toHaveLength(expected.length);
  });

  test('an expired deadline can be armed again, and cancelling it from its own expire is harmless', async () => {
    let n = 0;
    const d: CallbackDeadline = new CallbackDeadline(Date.now(), () => {
      n++;
      d.cancel();
    });
    d.watch();
    await sleep(60);
    expect(n).toBe(1);
    d.watch();
    await sleep(60);
    expect(n).toBe(2);
    expect(Deadline.idle).toBe(true);
  });
});
