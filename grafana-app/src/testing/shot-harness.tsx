/**
 * The page the screenshot runner opens (grafana-app/test/browser/shots.test.ts bundles it with
 * every *.shot.tsx): `?shot=<name>&theme=<light|dark>` renders that one shot with the data its
 * loader fetched from the seeded processor (served as JSON at /shot-data/<name>), inside Grafana's
 * theme the way Grafana's storybook renders @grafana/ui (ThemeContext + GlobalStyles).
 * Kept in src/ (not test/) so the app's own tsconfig and eslint check it with the shots it renders.
 */
import React, { ReactNode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { css } from '@emotion/css';
import { createTheme, GrafanaTheme2, ThemeContext } from '@grafana/data';
import { GlobalStyles, useStyles2 } from '@grafana/ui';
import type { ShotRender } from './shot';

/** What the runner reads back from the page. */
export interface ShotPageState {
  /** Every shot in the bundle: the runner checks each has a loader, and plugin.json's titles. */
  catalog: Array<{ name: string; title: string; width: number }>;
  theme: { isDark: boolean; canvas: string };
  /** Set once the shot rendered (or failed: then `error`). */
  rendered: boolean;
  error?: string;
}

declare global {
  interface Window {
    shotPage: ShotPageState;
  }
}

export const DEFAULT_WIDTH = 1200;

const getStyles = (theme: GrafanaTheme2) => ({
  // The canvas a panel or page body sits on in Grafana, with the padding a page gives it; the
  // component itself gets exactly the shot's width.
  frame: css({ padding: theme.spacing(2), background: theme.colors.background.canvas, width: 'fit-content' }),
});

function Frame({ width, onRendered, children }: { width: number; onRendered: () => void; children: ReactNode }) {
  const styles = useStyles2(getStyles);
  // After React committed the tree (and GlobalStyles painted the body); icons and fonts follow.
  useEffect(onRendered, [onRendered]);
  return (
    <div data-testid="shot" className={styles.frame}>
      <div style={{ width }}>{children}</div>
    </div>
  );
}

async function loadData(name: string): Promise<unknown> {
  const response = await fetch(`/shot-data/${encodeURIComponent(name)}`);
  if (!response.ok) {
    throw new Error(`no data for shot ${name}: ${response.status}`);
  }
  return response.json();
}

/** Called by the runner's generated entry with every shot it found. */
export function mountShots(shots: ShotRender[]) {
  const params = new URLSearchParams(window.location.search);
  const mode = params.get('theme') === 'light' ? 'light' : 'dark';
  const theme = createTheme({ colors: { mode } });
  window.shotPage = {
    catalog: shots.map((s) => ({ name: s.name, title: s.title, width: s.width ?? DEFAULT_WIDTH })),
    theme: { isDark: theme.isDark, canvas: theme.colors.background.canvas },
    rendered: false,
  };
  const name = params.get('shot');
  const shot = shots.find((s) => s.name === name);
  if (!name) {
    // The runner's first visit only reads the catalog.
    window.shotPage.rendered = true;
    return;
  }
  const root = createRoot(document.getElementById('root')!);
  const done = (error?: string) => {
    window.shotPage = { ...window.shotPage, rendered: true, error };
  };
  if (!shot) {
    done(`no shot named ${name}`);
    return;
  }
  loadData(shot.name).then(
    (data) => {
      root.render(
        <ThemeContext.Provider value={theme}>
          <GlobalStyles />
          <Frame width={shot.width ?? DEFAULT_WIDTH} onRendered={done}>
            {shot.render(data)}
          </Frame>
        </ThemeContext.Provider>
      );
    },
    (error: Error) => done(error.message)
  );
}
