// A small Prometheus registry: counters, gauges read at scrape time, and histograms, rendered in
// the text exposition format (version 0.0.4). Enough for the relay; no dependency needed.

type Labels = Record<string, string>;

interface Metric {
  render(): string[];
}

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  const escaped = entries.map(
    ([key, value]) =>
      `${key}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`,
  );
  return `{${escaped.join(',')}}`;
}

const keyOf = (labels: Labels) => JSON.stringify(Object.entries(labels).sort());

export class Counter implements Metric {
  private readonly values = new Map<string, { labels: Labels; value: number }>();

  constructor(
    readonly name: string,
    private readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = keyOf(labels);
    const entry = this.values.get(key) ?? { labels, value: 0 };
    entry.value += by;
    this.values.set(key, entry);
  }

  get(labels: Labels = {}): number {
    return this.values.get(keyOf(labels))?.value ?? 0;
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const { labels, value } of this.values.values()) {
      lines.push(`${this.name}${labelText(labels)} ${value}`);
    }
    return lines;
  }
}

/** A value read when scraped (queue lengths, listeners): nothing to keep in sync. */
export class Gauge implements Metric {
  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly read: () => number | [Labels, number][],
  ) {}

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    let value: number | [Labels, number][];
    try {
      value = this.read();
    } catch {
      return lines; // a failing source must not break the whole scrape
    }
    const samples: [Labels, number][] = typeof value === 'number' ? [[{}, value]] : value;
    for (const [labels, sample] of samples)
      lines.push(`${this.name}${labelText(labels)} ${sample}`);
    return lines;
  }
}

/**
 * Gauges whose names are known only at scrape time (`prefix` + each key of the record), each
 * rendered as its own metric: Prometheus prefers names to a "name" label.
 */
export class GaugeFamily implements Metric {
  constructor(
    private readonly prefix: string,
    private readonly help: string,
    private readonly read: () => Record<string, number>,
  ) {}

  render(): string[] {
    let values: Record<string, number>;
    try {
      values = this.read();
    } catch {
      return [];
    }
    return Object.entries(values).flatMap(([key, value]) => {
      const name = `${this.prefix}${key.replace(/[^a-zA-Z0-9_]/g, '_')}`;
      return [`# HELP ${name} ${this.help} (${key})`, `# TYPE ${name} gauge`, `${name} ${value}`];
    });
  }
}

export class Histogram implements Metric {
  private readonly series = new Map<
    string,
    { labels: Labels; counts: number[]; sum: number; count: number }
  >();

  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly buckets: readonly number[],
  ) {}

  observe(labels: Labels, value: number): void {
    const key = keyOf(labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    this.buckets.forEach((bound, index) => {
      if (value <= bound) entry.counts[index]! += 1;
    });
    entry.sum += value;
    entry.count += 1;
  }

  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const { labels, counts, sum, count } of this.series.values()) {
      this.buckets.forEach((bound, index) => {
        lines.push(
          `${this.name}_bucket${labelText({ ...labels, le: String(bound) })} ${counts[index]}`,
        );
      });
      lines.push(`${this.name}_bucket${labelText({ ...labels, le: '+Inf' })} ${count}`);
      lines.push(`${this.name}_sum${labelText(labels)} ${sum}`);
      lines.push(`${this.name}_count${labelText(labels)} ${count}`);
    }
    return lines;
  }
}

export class MetricsRegistry {
  private readonly metrics: Metric[] = [];

  counter(name: string, help: string): Counter {
    return this.add(new Counter(name, help));
  }

  gauge(name: string, help: string, read: () => number | [Labels, number][]): Gauge {
    return this.add(new Gauge(name, help, read));
  }

  gaugeFamily(prefix: string, help: string, read: () => Record<string, number>): GaugeFamily {
    return this.add(new GaugeFamily(prefix, help, read));
  }

  histogram(name: string, help: string, buckets: readonly number[]): Histogram {
    return this.add(new Histogram(name, help, buckets));
  }

  render(): string {
    return `${this.metrics.flatMap((metric) => metric.render()).join('\n')}\n`;
  }

  private add<T extends Metric>(metric: T): T {
    this.metrics.push(metric);
    return metric;
  }
}
