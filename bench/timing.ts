// Timing shared by the benchmarks: the median of several runs, wall-clock and CPU (a busy machine inflates
// wall-clock time; CPU time shows what the code itself costs).

/** Runs `f` once to warm up, then `runs` times; medians of wall-clock and CPU ms, and the last result. */
export function time<T>(f: () => T, runs: number): { wall: number; cpu: number; result: T } {
  let result = f();
  const walls: number[] = [], cpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage(), t0 = performance.now();
    result = f();
    walls.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { wall: median(walls), cpu: median(cpus), result };
}
