// What every `pnpm bench` script reports: each figure next to its target, evaluated, and whether a
// run had failures. A figure measured on failed requests is not a figure: the script then exits 1.

const COMPARE = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

/** `{ figure, target: '< 50', met: 'met' | 'not met' }` for one figure. */
export function target(figure, comparison, bound) {
  const ok = typeof figure === 'number' && Number.isFinite(figure) && COMPARE[comparison](figure, bound);
  return { figure, target: `${comparison} ${bound}`, met: ok ? 'met' : 'not met' };
}

/** Failures of an autocannon run: answers other than 2xx, connection errors, timeouts (empty when clean). */
export function runFailures(name, result) {
  const failures = [];
  if (result.non2xx) failures.push(`${name}: ${result.non2xx} answer(s) other than 2xx`);
  if (result.errors) failures.push(`${name}: ${result.errors} connection error(s)`);
  if (result.timeouts) failures.push(`${name}: ${result.timeouts} timeout(s)`);
  return failures;
}

/** Requests per second that got a 2xx answer: failed requests are not throughput. */
export function okPerSecond(result) {
  return Math.round((result['2xx'] ?? 0) / (result.duration || 1));
}

/** Prints the report as JSON; with failures, names them on stderr and sets exit code 1. */
export function printReport(report, failures = []) {
  console.log(JSON.stringify({ ...report, failures }, null, 2));
  if (failures.length) {
    for (const failure of failures) console.error(`bench failed: ${failure}`);
    process.exitCode = 1;
  }
}
