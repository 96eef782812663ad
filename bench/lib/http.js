/**
 * HTTP load: autocannon (programmatic) against each variant's server, 50 connections, the browser
 * headers rotated per connection, rounds interleaved across variants (and the order rotated each
 * round) so a noisy neighbour or thermal drift hits every variant alike.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { median } from './stats.js';
import { BROWSER_HEADERS } from './workload.js';

function requestsFor(path) {
  return BROWSER_HEADERS.map(({ header }) => ({
    method: 'GET',
    path,
    headers: {
      accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      'accept-language': header,
    },
  }));
}

/** One autocannon run on `path` (default `/`); throws if any request failed. */
export async function load(url, { duration, connections, path = '/' }) {
  const result = await autocannon({
    url: new URL(path, url).href,
    connections,
    duration,
    requests: requestsFor(path),
  });
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) {
    throw new Error(
      `${url}: ${failed} failed requests (errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx})`,
    );
  }
  return { rps: result.requests.average, p99: result.latency.p99, requests: result.requests.total };
}

/**
 * CPU time (user + system, ms) a process has used, from /proc (Linux); `undefined` elsewhere.
 * Fields 14 and 15 of /proc/<pid>/stat count clock ticks, 100 per second on Linux.
 */
export function processCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Warms every server up on every page style, then runs `rounds` rounds of `duration` seconds per
 * variant and style: within a round, every variant serves both styles back to back, so the two
 * page styles see the same machine. Returns, per style id, a Map from variant id to
 * `{ rps, p99, cpuUsPerRequest, runs }` with the medians over the rounds.
 */
export async function runHttp(servers, { rounds, duration, warmup, connections, log, styles }) {
  for (const server of servers) {
    for (const style of styles) {
      log(`  warm-up ${server.variant} ${style.id} (${warmup} s)`);
      await load(server.url, { duration: warmup, connections, path: `/${style.path}` });
    }
  }
  const byStyle = new Map(
    styles.map((style) => [style.id, new Map(servers.map((s) => [s.variant, []]))]),
  );
  for (let round = 0; round < rounds; round++) {
    const order = servers.map((_, i) => servers[(i + round) % servers.length]);
    const styleOrder = round % 2 === 0 ? styles : [...styles].reverse();
    for (const server of order)
      for (const style of styleOrder) {
        const runs = byStyle.get(style.id);
        const cpuBefore = processCpuMs(server.child.pid);
        const run = await load(server.url, { duration, connections, path: `/${style.path}` });
        const cpuAfter = processCpuMs(server.child.pid);
        // The server's own CPU time per request: what the variant costs, whatever the load generator
        // (which shares the machine) manages to send.
        run.cpuUsPerRequest =
          cpuBefore === undefined || cpuAfter === undefined
            ? undefined
            : ((cpuAfter - cpuBefore) * 1000) / run.requests;
        runs.get(server.variant).push(run);
        log(
          `  round ${round + 1}/${rounds} ${server.variant.padEnd(12)} ${style.id.padEnd(8)} ${run.rps.toFixed(0).padStart(7)} req/s  p99 ${run.p99} ms  server CPU ${run.cpuUsPerRequest?.toFixed(0) ?? 'n/a'} µs/req`,
        );
      }
  }
  const results = new Map();
  for (const [style, runs] of byStyle) {
    const perVariant = new Map();
    for (const [variant, list] of runs) {
      perVariant.set(variant, {
        rps: median(list.map((r) => r.rps)),
        p99: median(list.map((r) => r.p99)),
        cpuUsPerRequest: list.every((r) => r.cpuUsPerRequest !== undefined)
          ? median(list.map((r) => r.cpuUsPerRequest))
          : undefined,
        runs: list,
      });
    }
    results.set(style, perVariant);
  }
  return results;
}
