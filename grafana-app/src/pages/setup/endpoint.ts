/**
 * The processor URL written into the install snippets and used by the test event. The data
 * source's `jsonData.url` is where Grafana's SERVER reaches the processor (often a Docker or
 * cluster-internal name); browsers may need another address, the app's `publicUrl` setting.
 */
export interface AppSettings {
  /** The processor's URL as browsers reach it. */
  publicUrl?: string;
  /** Where loader.min.js is served (pulsetrace.min.js beside it). */
  loaderUrl?: string;
}

export interface SnippetEndpoint {
  url: string;
  source: 'app' | 'datasource' | 'none';
  /** A sentence for under the snippet. */
  note: string;
}

const INTERNAL = /^https?:\/\/(localhost|127\.|0\.0\.0\.0|\[::1\]|host\.docker\.internal|[a-z0-9-]+(:\d+)?(\/|$))/i;

export function snippetEndpoint(app: AppSettings | undefined, dsUrl: string | undefined): SnippetEndpoint {
  const configured = app?.publicUrl?.trim();
  if (configured) {
    return {
      url: configured,
      source: 'app',
      note: `The processor URL is the app's public URL setting (${configured}).`,
    };
  }
  const url = dsUrl?.trim();
  if (!url) {
    return {
      url: '',
      source: 'none',
      note: "Neither the app's public URL nor the data source's URL is set: set the public URL in the app's configuration.",
    };
  }
  const internal = INTERNAL.test(url)
    ? ' It looks like an address only Grafana’s server or this machine reaches;'
    : ' If browsers reach the processor elsewhere,';
  return {
    url,
    source: 'datasource',
    note: `The processor URL is the data source's URL, the address Grafana's server uses.${internal} set the public URL in the app's configuration (Administration → Plugins → PulseTrace).`,
  };
}
