import React from 'react';
import { createTheme } from '@grafana/data';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { RouteVitals } from '../../pages/performance/vitals';
import { stubCanvas } from '../../testing/noCanvas';
import { VitalsByRouteTable } from './VitalsByRouteTable';

// The trend is a uPlot sparkline drawing on a canvas, which jsdom lacks.
beforeAll(stubCanvas);

const ROWS: RouteVitals[] = [
  {
    route: '/checkout',
    samples: 20,
    vitals: {
      LCP: { p75: 4210, p95: 4400, samples: 20 },
      INP: { p75: 180, p95: 420, samples: 20 },
      CLS: { p75: 0.18, p95: 0.3, samples: 20 },
    },
    trend: { times: [0, 60_000, 120_000], values: [4000, null, 4210] },
  },
  {
    route: '/search',
    samples: 12,
    vitals: { LCP: { p75: 2300, p95: 3100, samples: 12 } },
  },
];

describe('VitalsByRouteTable', () => {
  it('shows each route’s p75 with its rating in words, and p95 below', () => {
    render(<VitalsByRouteTable rows={ROWS} vital="LCP" />);
    const checkout = screen.getByRole('row', { name: /\/checkout/ });
    expect(within(checkout).getByLabelText('LCP p75 4.21 s, poor')).toHaveTextContent('p95 4.40 s');
    expect(within(checkout).getByLabelText('INP p75 180 ms, good')).toBeInTheDocument();
    expect(within(checkout).getByLabelText('CLS p75 0.18, needs improvement')).toBeInTheDocument();
    expect(within(checkout).getByLabelText('FCP: no samples')).toHaveTextContent('–');
    const search = screen.getByRole('row', { name: /\/search/ });
    expect(within(search).getByLabelText('LCP p75 2.30 s, good')).toBeInTheDocument();
  });

  it('colours the p75 by rating with the theme’s status colours', () => {
    render(<VitalsByRouteTable rows={ROWS} vital="LCP" />);
    const theme = createTheme({ colors: { mode: 'dark' } });
    const colorOf = (text: string) => getComputedStyle(screen.getByText(text)).color;
    const rgb = (color: string) => {
      const probe = document.createElement('span');
      probe.style.color = color;
      return probe.style.color;
    };
    expect(colorOf('4.21 s')).toBe(rgb(theme.colors.error.text));
    expect(colorOf('2.30 s')).toBe(rgb(theme.colors.success.text));
  });

  it('draws the chosen vital’s trend where there are two points or more, and says its latest value', () => {
    render(<VitalsByRouteTable rows={ROWS} vital="LCP" />);
    expect(screen.getByRole('img', { name: 'LCP p75 over time, latest 4.21 s' })).toBeInTheDocument();
    expect(screen.getAllByRole('img')).toHaveLength(1);
    expect(screen.getByRole('columnheader', { name: /LCP p75 trend/ })).toBeInTheDocument();
  });

  it('narrows to a route, and back to all routes from the chosen one (real buttons: keyboard reachable)', () => {
    const onSelectRoute = jest.fn();
    const { rerender } = render(<VitalsByRouteTable rows={ROWS} vital="LCP" onSelectRoute={onSelectRoute} />);
    const button = screen.getByRole('button', { name: '/checkout' });
    expect(button).toHaveAttribute('aria-pressed', 'false');
    expect(button.tagName).toBe('BUTTON');
    fireEvent.click(button);
    expect(onSelectRoute).toHaveBeenLastCalledWith('/checkout');
    rerender(<VitalsByRouteTable rows={ROWS} vital="LCP" selectedRoute="/checkout" onSelectRoute={onSelectRoute} />);
    const selected = screen.getByRole('button', { name: /\/checkout/ });
    expect(selected).toHaveAttribute('aria-pressed', 'true');
    fireEvent.click(selected);
    expect(onSelectRoute).toHaveBeenLastCalledWith(undefined);
  });

  it('chooses a vital from its column header', () => {
    const onSelectVital = jest.fn();
    render(<VitalsByRouteTable rows={ROWS} vital="LCP" onSelectVital={onSelectVital} />);
    expect(screen.getByRole('button', { name: 'LCP' })).toHaveAttribute('aria-pressed', 'true');
    fireEvent.click(screen.getByRole('button', { name: 'INP' }));
    expect(onSelectVital).toHaveBeenCalledWith('INP');
  });
});
