/**
 * One metric's samples on a processor's /metrics, keyed by their labels (`kind=user,status=done`,
 * sorted; '' without labels).
 */
export async function metricSamples(baseUrl: string, name: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const labels = [...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => `${l[1]}=${l[2]}`).sort();
    out[labels.join(',')] = Number(m[3]);
  }
  return out;
}
