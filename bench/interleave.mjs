// The benchmarks' timing: every contender once to warm up, then rounds in which each runs
// in turn, so that drift of a shared machine hits them alike.

/** The middle value of a list of numbers. */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs each function of `runs` once, then `rounds` times in turn; the seconds of each run, by name. */
export function interleaved(runs, rounds) {
  const times = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
  for (const fn of Object.values(runs)) fn(); // warm up
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of Object.entries(runs)) {
      const t0 = process.hrtime.bigint();
      fn();
      times[name].push(Number(process.hrtime.bigint() - t0) / 1e9);
    }
  }
  return times;
}

/**
 * The lowest and highest ratio of `peer`'s time to `name`'s over the rounds, each taken
 * within one round (the two ran one after the other): how far one round's ratio strays
 * from the medians'.
 */
export function roundRatios(times, name, peer) {
  const ratios = times[name].map((t, round) => times[peer][round] / t);
  return [Math.min(...ratios), Math.max(...ratios)];
}
