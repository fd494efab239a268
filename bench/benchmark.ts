// What a benchmark is: a name to pick it by, a line saying what it measures, and a run that returns
// its printed figures.
export interface Benchmark {
  name: string;
  description: string;
  run: () => Promise<string>;
}
