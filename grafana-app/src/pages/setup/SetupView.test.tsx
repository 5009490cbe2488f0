import React from 'react';
import { act, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { BackendSrvRequest, config } from '@grafana/runtime';
import { fakeBackend, PROXY } from '../../../../grafana-datasource/src/testing/grafana';
import { SetupScene } from './setupScene';
import { SetupBody, SetupBodyProps } from './SetupView';
import type { AdminProjectJSON, ApiTokenJSON } from './types';

// Grafana's UI is slow to render in jsdom on a shared machine: wait longer than the defaults.
jest.setTimeout(60_000);
configure({ asyncUtilTimeout: 15_000 });

function signInAs(role: string) {
  config.bootData = { ...config.bootData, user: { ...config.bootData.user, orgRole: role as never } };
}

const shop: AdminProjectJSON = {
  id: 'p1',
  name: 'shop',
  environment: 'production',
  allowedOrigins: ['https://shop.example'],
  ingestKey: 'pt_current',
  ingestKeys: [{ key: 'pt_current', expiresAt: null }],
  sampleRate: 1,
  rateLimitPerSecond: 1000,
  retentionDays: 30,
  deletedAt: null,
};

/** The admin route of a processor holding `projects` and `tokens`: what each request did. */
function adminProcessor(projects: AdminProjectJSON[], tokens: ApiTokenJSON[] = []) {
  const seen: Array<{ route: string; data?: unknown; params?: unknown }> = [];
  const backend = fakeBackend((r: BackendSrvRequest) => {
    const [, role, ...rest] = r.url.slice(PROXY.length).split('/');
    const path = `/${rest.join('/')}`.replace('/api/v1', '');
    const route = `${r.method ?? 'GET'} ${role} ${path}`;
    seen.push({ route, data: r.data, params: r.params });
    if (route === 'GET admin /projects') {
      return { status: 200, data: { projects } };
    }
    if (route === 'POST admin /projects') {
      const made = {
        ...shop,
        ...(r.data as object),
        id: 'p2',
        ingestKey: 'pt_new',
        ingestKeys: [{ key: 'pt_new', expiresAt: null }],
      };
      projects.push(made);
      return { status: 201, data: made };
    }
    if (route === 'GET admin /tokens') {
      return { status: 200, data: { tokens } };
    }
    if (route === 'POST admin /tokens') {
      return {
        status: 201,
        data: {
          id: 't1',
          createdAt: '2026-01-01T00:00:00Z',
          revokedAt: null,
          ...(r.data as object),
          token: 'pt_tok_secret',
        },
      };
    }
    return { status: 200, data: {} };
  });
  return { backend, routes: () => seen.map((s) => s.route), seen };
}

function renderBody(overrides: Partial<SetupBodyProps> = {}) {
  const props: SetupBodyProps = {
    dsUid: 'pt',
    tab: 'projects',
    install: 'npm',
    onTab: jest.fn(),
    onProject: jest.fn(),
    onInstall: jest.fn(),
    origin: 'https://grafana.example',
    ...overrides,
  };
  return { props, ...render(<SetupBody {...props} />) };
}

describe('Setup page role gating', () => {
  // Text and selector queries only: role queries walk the empty state's large illustration SVG,
  // which takes tens of seconds in jsdom.
  it.each(['Viewer', 'Editor'])('a %s gets an explanation, no forms and no admin calls', async (role) => {
    signInAs(role);
    const processor = adminProcessor([shop]);
    const { container } = render(<SetupScene.Component model={new SetupScene()} />);
    expect(screen.getByText('Setup is for admins')).toBeInTheDocument();
    expect(
      screen.getByText(new RegExp(`Admins can manage projects and keys; your role is ${role}`))
    ).toBeInTheDocument();
    expect(container.querySelectorAll('form, input, button')).toHaveLength(0);
    await act(async () => {});
    expect(processor.routes()).toEqual([]);
  });

  it('the body checks the role too, before any call', async () => {
    signInAs('Editor');
    const processor = adminProcessor([shop]);
    const { container } = renderBody();
    expect(screen.getByText('Setup is for admins')).toBeInTheDocument();
    expect(container.querySelectorAll('form, input, button')).toHaveLength(0);
    await act(async () => {});
    expect(processor.routes()).toEqual([]);
  });

  it('an Admin sees the projects with deleted ones, read on the admin route', async () => {
    signInAs('Admin');
    const processor = adminProcessor([shop, { ...shop, id: 'p0', name: 'old', deletedAt: '2026-01-01T00:00:00Z' }]);
    renderBody();
    expect(await screen.findByText('shop')).toBeInTheDocument();
    expect(screen.getByText('deleted')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Restore old' })).toBeEnabled();
    expect(processor.seen[0]).toMatchObject({ route: 'GET admin /projects', params: { includeDeleted: 'true' } });
  });
});

describe('Setup page forms', () => {
  beforeEach(() => signInAs('Admin'));

  it('checks a new project before sending it, then creates it and selects it', async () => {
    const processor = adminProcessor([shop]);
    const { props } = renderBody();
    fireEvent.click(await screen.findByRole('button', { name: 'New project' }));
    const form = screen.getByRole('form', { name: 'New project' });
    fireEvent.click(within(form).getByRole('button', { name: 'Create project' }));
    expect(await within(form).findByText('A project needs a name')).toBeInTheDocument();
    fireEvent.change(within(form).getByLabelText(/Sessions kept/), { target: { value: '120' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create project' }));
    expect(within(form).getByText('Sampling is a percentage from 0 to 100')).toBeInTheDocument();
    expect(processor.routes()).not.toContain('POST admin /projects');

    fireEvent.change(within(form).getByLabelText(/^Name/), { target: { value: 'blog' } });
    fireEvent.change(within(form).getByLabelText(/Sessions kept/), { target: { value: '50' } });
    fireEvent.click(within(form).getByRole('button', { name: /Add this Grafana/ }));
    await act(async () => {
      fireEvent.click(within(form).getByRole('button', { name: 'Create project' }));
    });
    const post = processor.seen.find((s) => s.route === 'POST admin /projects');
    expect(post?.data).toEqual({ name: 'blog', allowedOrigins: ['https://grafana.example'], sampleRate: 0.5 });
    expect(props.onProject).toHaveBeenCalledWith('p2');
  });

  it('edits only the fields changed', async () => {
    const processor = adminProcessor([shop]);
    renderBody();
    fireEvent.click(await screen.findByRole('button', { name: 'Edit shop' }));
    const form = screen.getByRole('form', { name: 'Edit project shop' });
    fireEvent.change(within(form).getByLabelText(/Retention/), { target: { value: '90' } });
    await act(async () => {
      fireEvent.click(within(form).getByRole('button', { name: 'Save project' }));
    });
    expect(processor.seen.find((s) => s.route === 'PATCH admin /projects/p1')?.data).toEqual({ retentionDays: 90 });
  });

  it('rotates the selected project’s key with the chosen overlap', async () => {
    const processor = adminProcessor([
      {
        ...shop,
        ingestKeys: [
          { key: 'pt_current', expiresAt: null },
          { key: 'pt_old', expiresAt: '2030-01-01T00:00:00Z' },
        ],
      },
    ]);
    renderBody({ projectId: 'p1' });
    expect(await screen.findByLabelText('Current ingest key')).toHaveTextContent('pt_current');
    expect(screen.getByLabelText('Previous ingest key 1')).toHaveTextContent('pt_old');
    fireEvent.click(screen.getByRole('radio', { name: '7 days' }));
    fireEvent.click(screen.getByRole('button', { name: 'Rotate key' }));
    await act(async () => {
      fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Rotate key' }));
    });
    expect(processor.seen.find((s) => s.route === 'POST admin /projects/p1/keys/rotate')?.data).toEqual({
      overlapSeconds: 604800,
    });
  });

  it('deletes after confirming', async () => {
    const processor = adminProcessor([shop]);
    renderBody();
    fireEvent.click(await screen.findByRole('button', { name: 'Delete shop' }));
    await act(async () => {
      fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete project' }));
    });
    expect(processor.routes()).toContain('DELETE admin /projects/p1');
  });

  it('creates a token (named, for every project) and shows its secret once', async () => {
    const processor = adminProcessor([shop]);
    renderBody({ tab: 'tokens' });
    const form = await screen.findByRole('form', { name: 'New API token' });
    fireEvent.click(within(form).getByRole('button', { name: 'Create token' }));
    expect(await within(form).findByText(/A token needs a name/)).toBeInTheDocument();
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'ci' } });
    fireEvent.click(within(form).getByRole('radio', { name: 'Write' }));
    await act(async () => {
      fireEvent.click(within(form).getByRole('button', { name: 'Create token' }));
    });
    expect(processor.seen.find((s) => s.route === 'POST admin /tokens')?.data).toEqual({
      name: 'ci',
      scope: 'write',
      projects: '*',
    });
    expect(screen.getByLabelText('New token')).toHaveTextContent('pt_tok_secret');
  });

  it('revokes a token after confirming', async () => {
    const processor = adminProcessor(
      [shop],
      [{ id: 't9', name: 'grafana', scope: 'read', projects: '*', createdAt: '2026-01-01T00:00:00Z', revokedAt: null }]
    );
    renderBody({ tab: 'tokens' });
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke grafana' }));
    await act(async () => {
      fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Revoke token' }));
    });
    expect(processor.routes()).toContain('DELETE admin /tokens/t9');
  });
});

describe('Install tab', () => {
  beforeEach(() => signInAs('Admin'));

  it('fills the snippet with the first project’s key and the data source URL, and keeps the variant in the scene', async () => {
    config.datasources = {
      PulseTrace: { uid: 'pt', type: 'pulsetrace-rum-datasource', jsonData: { url: 'http://processor:4318' } } as never,
    };
    adminProcessor([shop]);
    const { props } = renderBody({ tab: 'install' });
    const code = await screen.findByRole('figure', { name: 'Initialisation code' });
    expect(code).toHaveTextContent("endpoint: 'http://processor:4318'");
    expect(code).toHaveTextContent("key: 'pt_current'");
    expect(screen.getByText(/only Grafana’s server or this machine reaches/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('radio', { name: 'Script tag' }));
    expect(props.onInstall).toHaveBeenCalledWith('loader');
  });

  it('warns that Grafana’s origin is not allowed and allows it on request', async () => {
    const processor = adminProcessor([shop]);
    renderBody({ tab: 'install', projectId: 'p1', app: { publicUrl: 'https://rum.example.com' } });
    expect(await screen.findByText('https://grafana.example is not an allowed origin of shop')).toBeInTheDocument();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Allow https://grafana.example' }));
    });
    expect(processor.seen.find((s) => s.route === 'PATCH admin /projects/p1')?.data).toEqual({
      allowedOrigins: ['https://shop.example', 'https://grafana.example'],
    });
  });

  it('sends the test event to the public URL and reports when the polling query finds it', async () => {
    const sent: Array<{ url: string; body: string }> = [];
    let stored: string | undefined;
    const doFetch = (async (url: string, init: RequestInit) => {
      sent.push({ url, body: String(init.body) });
      const span = JSON.parse(String(init.body)).resourceSpans[0].scopeSpans[0].spans[0];
      stored = span.attributes.find((a: { key: string }) => a.key === 'pulsetrace.body.test_id').value.stringValue;
      return { ok: true, status: 200 } as Response;
    }) as typeof fetch;
    let polls = 0;
    fakeBackend((r) => {
      if (r.url.endsWith('/admin/api/v1/projects')) {
        return { status: 200, data: { projects: [{ ...shop, allowedOrigins: ['https://grafana.example'] }] } };
      }
      if (r.url.endsWith('/read/api/v1/query')) {
        polls++;
        const values = polls < 2 ? [] : [stored];
        return {
          status: 200,
          data: {
            results: {
              testEvent: {
                status: 200,
                frames: [{ schema: { fields: [{ name: 'value' }] }, data: { values: [values] } }],
              },
            },
          },
        };
      }
      return { status: 404 };
    });
    renderBody({ tab: 'install', projectId: 'p1', app: { publicUrl: 'https://rum.example.com' }, doFetch });
    const button = await screen.findByRole('button', { name: 'Send a test event' });
    await act(async () => {
      fireEvent.click(button);
    });
    await waitFor(
      () => expect(screen.getByRole('status')).toHaveTextContent(/The test event arrived \d+\.\d s after sending/),
      { timeout: 15_000 }
    );
    expect(sent[0]!.url).toBe('https://rum.example.com/v1/traces');
    expect(polls).toBeGreaterThanOrEqual(2);
  });

  it('says why when the browser cannot post', async () => {
    adminProcessor([shop]);
    const doFetch = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    renderBody({ tab: 'install', projectId: 'p1', app: { publicUrl: 'https://rum.example.com' }, doFetch });
    const button = await screen.findByRole('button', { name: 'Send a test event' });
    await act(async () => {
      fireEvent.click(button);
    });
    expect(await screen.findByText('The test event did not arrive')).toBeInTheDocument();
    expect(
      screen.getByText(/origin https:\/\/grafana.example is not in the project's allowed origins/)
    ).toBeInTheDocument();
  });
});

describe('Setup URL state', () => {
  it('round-trips tab, project and install variant through the URL', () => {
    const scene = new SetupScene();
    scene.setTab('install');
    scene.setProject('p1');
    scene.setInstall('inline');
    const url = scene.urlSync!.getUrlState();
    expect(url).toEqual({ tab: 'install', project: 'p1', install: 'inline' });
    const fresh = new SetupScene();
    fresh.urlSync!.updateFromUrl(url);
    expect(fresh.state).toMatchObject({ tab: 'install', projectId: 'p1', install: 'inline' });
  });
});
