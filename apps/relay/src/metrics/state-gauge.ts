// A state as a gauge per possible state: 1 for the current one, 0 for the others (the sync's and
// the S3 exports' states), read when scraped.
import { Gauge, type Registry } from 'prom-client';

export function stateGauge<S extends string>(
  registry: Registry,
  name: string,
  help: string,
  states: readonly S[],
  read: () => S,
): void {
  new Gauge({
    name,
    help,
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const current = read();
      for (const state of states) this.set({ state }, state === current ? 1 : 0);
    },
  });
}
