/**
 * The day-start wave as a time-stepped model (docs/scheduling.md "2,500 districts at half past
 * midnight"): the dispatcher's tick sends each due tenant's jobs (a plan and a missed-reading sweep)
 * to the SQS queue; Lambda's SQS poller runs them, one message an invocation (batch size 1), at most
 * `maxConcurrency` at once, scaling up from `initialConcurrency` by `scaleUpPerMinute` (Lambda's SQS
 * scaling); a new instance pays a cold start once. Job durations per tenant size come from the
 * measured jobs (bench/midnight.bench.ts). Pure and deterministic (jitter from shared/prng.ts),
 * bounded by `horizonSeconds`.
 */
import { prng } from '../shared/prng';

export interface JobCost {
  /** Seconds the job runs (measured). */
  seconds: number;
  /** Write units it bills in all (measured, estimated from item sizes: bench/capacity.ts). */
  writeUnits: number;
}

export interface TenantKind {
  name: string;
  count: number;
  plan: JobCost;
  /** The missed-reading sweep, for tenants with people under home monitoring. */
  sweep?: JobCost;
}

export interface WaveConfig {
  kinds: TenantKind[];
  /** The SQS event source's maximum concurrency (2–1,000). */
  maxConcurrency: number;
  /** `directory`: the dispatcher's order (tenant ids); `largest-first`: the longest jobs sent first. */
  order: 'directory' | 'largest-first';
  /** Each message delayed by 0…jitterSeconds (SQS DelaySeconds), to spread the write burst. */
  jitterSeconds: number;
  /** Messages the dispatcher sends a second (SendMessageBatch of 10, a few in flight). */
  dispatchPerSecond: number;
  /** Lambda's SQS scaling: concurrency to start with, and what it adds a minute. */
  initialConcurrency: number;
  scaleUpPerMinute: number;
  coldStartSeconds: number;
  horizonSeconds: number;
  seed: number;
}

export interface WaveResult {
  /** Seconds from the tick until every tenant's plan and sweep are done (Infinity: not within the horizon). */
  completionSeconds: number;
  /** The same per tenant kind: when the last tenant of that kind was done. */
  completionByKind: Record<string, number>;
  peakConcurrency: number;
  /** The table's write units a second at the busiest second (jobs' writes spread evenly over their run). */
  peakWriteUnitsPerSecond: number;
  jobs: number;
}

interface Message {
  tenant: number;
  kind: string;
  seconds: number;
  writeRate: number;
  availableAt: number;
}

const STEP = 0.1;

/** The messages of the tick, in the order the dispatcher sends them, each with when it becomes visible. */
export function waveMessages(config: WaveConfig): Message[] {
  const random = prng(config.seed).next;
  const tenants: { tenant: number; kind: TenantKind }[] = [];
  // Directory order interleaves the sizes (tenant ids say nothing of size): spread each kind evenly.
  const total = config.kinds.reduce((n, k) => n + k.count, 0);
  const placed = config.kinds.map(() => 0);
  for (let i = 0; i < total; i++) {
    let best = 0;
    let bestLag = -Infinity;
    config.kinds.forEach((k, j) => {
      const lag = ((i + 1) * k.count) / total - placed[j]!;
      if (placed[j]! < k.count && lag > bestLag) {
        best = j;
        bestLag = lag;
      }
    });
    placed[best]!++;
    tenants.push({ tenant: i, kind: config.kinds[best]! });
  }
  const work = (k: TenantKind) => k.plan.seconds + (k.sweep?.seconds ?? 0);
  if (config.order === 'largest-first') tenants.sort((a, b) => work(b.kind) - work(a.kind) || a.tenant - b.tenant);
  const messages: Message[] = [];
  for (const { tenant, kind } of tenants) {
    const jobs: [string, JobCost][] = [['plan', kind.plan], ...(kind.sweep ? [['sweep', kind.sweep] as [string, JobCost]] : [])];
    for (const [job, cost] of jobs) {
      const sentAt = messages.length / config.dispatchPerSecond;
      messages.push({ tenant, kind: `${kind.name} ${job}`, seconds: cost.seconds, writeRate: cost.writeUnits / Math.max(cost.seconds, STEP), availableAt: sentAt + random() * config.jitterSeconds });
    }
  }
  // A standard queue hands out what is visible, roughly oldest first.
  return messages.sort((a, b) => a.availableAt - b.availableAt);
}

export function simulateWave(config: WaveConfig): WaveResult {
  const messages = waveMessages(config);
  const running: { endsAt: number; writeRate: number; tenant: number }[] = [];
  const tenantJobsLeft = new Map<number, number>();
  for (const m of messages) tenantJobsLeft.set(m.tenant, (tenantJobsLeft.get(m.tenant) ?? 0) + 1);
  const kindOf = new Map(messages.map((m) => [m.tenant, m.kind.split(' ').slice(0, -1).join(' ')]));
  const completionByKind: Record<string, number> = {};
  let next = 0;
  let instances = 0;
  let peakConcurrency = 0;
  let peakWrites = 0;
  let secondWrites = 0;
  let doneTenants = 0;
  let completion = Infinity;
  const tenants = tenantJobsLeft.size;
  const steps = Math.ceil(config.horizonSeconds / STEP);
  for (let s = 0; s <= steps; s++) {
    const t = s * STEP;
    for (let i = running.length - 1; i >= 0; i--) {
      const job = running[i]!;
      if (job.endsAt > t + 1e-9) continue;
      running.splice(i, 1);
      const left = tenantJobsLeft.get(job.tenant)! - 1;
      tenantJobsLeft.set(job.tenant, left);
      if (left === 0) {
        doneTenants++;
        const kind = kindOf.get(job.tenant)!;
        completionByKind[kind] = Math.max(completionByKind[kind] ?? 0, job.endsAt);
        if (doneTenants === tenants) completion = job.endsAt;
      }
    }
    if (doneTenants === tenants) break;
    const cap = Math.min(config.maxConcurrency, Math.floor(config.initialConcurrency + (config.scaleUpPerMinute * t) / 60));
    while (running.length < cap && next < messages.length && messages[next]!.availableAt <= t) {
      const m = messages[next++]!;
      // A new instance (more running than ever before) starts cold; later jobs reuse warm ones.
      const cold = running.length + 1 > instances;
      if (cold) instances = running.length + 1;
      running.push({ endsAt: t + m.seconds + (cold ? config.coldStartSeconds : 0), writeRate: m.writeRate, tenant: m.tenant });
    }
    peakConcurrency = Math.max(peakConcurrency, running.length);
    secondWrites += running.reduce((n, j) => n + j.writeRate, 0) * STEP;
    if ((s + 1) % Math.round(1 / STEP) === 0) {
      peakWrites = Math.max(peakWrites, secondWrites);
      secondWrites = 0;
    }
  }
  return { completionSeconds: completion, completionByKind, peakConcurrency, peakWriteUnitsPerSecond: Math.round(peakWrites), jobs: messages.length };
}
