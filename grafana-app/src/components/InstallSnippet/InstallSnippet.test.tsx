import React, { useState } from 'react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { InstallSnippet } from './InstallSnippet';
import { DEFAULT_LOADER_URL, SnippetConfig, SnippetKind } from './snippets';

const config: SnippetConfig = {
  endpoint: 'https://rum.example.com/',
  key: 'pt_abc123',
  environment: 'production',
};

function Harness({ initial = 'npm' as SnippetKind, cfg = config }) {
  const [variant, setVariant] = useState<SnippetKind>(initial);
  return <InstallSnippet config={cfg} variant={variant} onVariantChange={setVariant} endpointNote="from the app" />;
}

let copied: string[];
beforeEach(() => {
  copied = [];
  Object.defineProperty(window, 'isSecureContext', { value: true, configurable: true });
  Object.defineProperty(navigator, 'clipboard', {
    value: { writeText: async (text: string) => void copied.push(text) },
    configurable: true,
  });
});

const codeOf = (label: string) =>
  within(screen.getByRole('figure', { name: label })).getByText(/./, { selector: 'pre' });

async function copy(label: string) {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: `Copy ${label.toLowerCase()}` }));
  });
  return copied[copied.length - 1];
}

describe('InstallSnippet', () => {
  it('npm: the install command and init() with the key and the URL, each copied whole', async () => {
    render(<Harness />);
    expect(codeOf('Install command').textContent).toBe('npm install @pulsetrace/web');
    const code = codeOf('Initialisation code').textContent!;
    expect(code).toContain("endpoint: 'https://rum.example.com',");
    expect(code).toContain("key: 'pt_abc123',");
    expect(code).toContain("environment: 'production',");
    expect(await copy('Install command')).toBe('npm install @pulsetrace/web');
    expect(await copy('Initialisation code')).toContain("key: 'pt_abc123'");
    expect(screen.getByText('from the app')).toBeInTheDocument();
  });

  it('script tag: data- attributes with the key and the URL, the loader from the CDN', async () => {
    render(<Harness />);
    fireEvent.click(screen.getByRole('radio', { name: 'Script tag' }));
    expect(screen.queryByRole('figure', { name: 'Install command' })).not.toBeInTheDocument();
    const code = codeOf('Script tag HTML').textContent!;
    expect(code).toContain(`src="${DEFAULT_LOADER_URL}"`);
    expect(code).toContain('data-endpoint="https://rum.example.com"');
    expect(code).toContain('data-key="pt_abc123"');
    expect(await copy('Script tag HTML')).toBe(`${code}\n`);
  });

  it('inline snippet: dataset assignments with the key and the URL', async () => {
    render(<Harness />);
    fireEvent.click(screen.getByRole('radio', { name: 'Inline snippet' }));
    const code = codeOf('Inline snippet HTML').textContent!;
    expect(code).toContain("s.dataset.endpoint = 'https://rum.example.com';");
    expect(code).toContain("s.dataset.key = 'pt_abc123';");
    expect(await copy('Inline snippet HTML')).toContain("s.dataset.key = 'pt_abc123';");
  });

  it('warns when the project has no key', () => {
    render(<Harness cfg={{ ...config, key: '' }} />);
    expect(screen.getByText('This project has no ingest key')).toBeInTheDocument();
  });
});
