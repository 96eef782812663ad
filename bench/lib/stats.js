/** Statistics shared by the HTTP runner and the report (no dependencies). */

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * `a`'s req/s over `b`'s, round by round (the two ran minutes apart at most, so drift in the
 * machine's speed cancels), then the median over rounds.
 */
export function roundRatio(http, a, b) {
  const runsA = http.get(a)?.runs;
  const runsB = http.get(b)?.runs;
  if (runsA === undefined || runsB === undefined || runsA.length !== runsB.length)
    return Number.NaN;
  return median(runsA.map((run, i) => run.rps / runsB[i].rps));
}
