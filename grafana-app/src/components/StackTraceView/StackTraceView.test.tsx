import React, { useState } from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { CauseRow, FramesMode, sourceLines, StackFrameRow, visibleFrames } from './model';
import { StackTraceView } from './StackTraceView';

const frame = (over: Partial<StackFrameRow>): StackFrameRow => ({
  function: 'f',
  filename: 'src/f.ts',
  lineno: 10,
  colno: 2,
  in_app: true,
  symbolicated: false,
  context_line: '',
  context_pre: '',
  context_post: '',
  raw_function: 'f',
  raw_position: 'src/f.ts:10:2',
  ...over,
});

const FRAMES = [
  frame({
    function: 'submitOrder',
    filename: 'src/checkout/pay.ts',
    lineno: 42,
    context_pre: 'const order = cart.current();\n// pay',
    context_line: 'const total = order.summary.total;',
    context_post: 'return order;',
    symbolicated: true,
    raw_function: 'a',
    raw_position: 'https://shop.example/app.min.js:1:900',
  }),
  frame({ function: 'callCallback', filename: 'node_modules/react-dom/index.js', in_app: false }),
  frame({ function: 'onClick', filename: 'src/checkout/PayButton.tsx', lineno: 18 }),
];
// Stored outermost first; given out of order to check the view orders them.
const CAUSES: CauseRow[] = [
  { depth: 2, type: 'TypeError', message: 'Failed to fetch', stacktrace: '' },
  { depth: 1, type: 'Error', message: 'order summary missing', stacktrace: 'Error: order summary missing\n  at load' },
];

function Controlled({ initial = 'app' as FramesMode }) {
  const [mode, setMode] = useState<FramesMode>(initial);
  return (
    <StackTraceView
      exception={{ type: 'TypeError', message: "Cannot read properties of undefined (reading 'total')" }}
      frames={FRAMES}
      causes={CAUSES}
      mode={mode}
      onModeChange={setMode}
    />
  );
}

const frameNames = () =>
  within(screen.getByRole('list', { name: 'Frames' }))
    .getAllByRole('listitem')
    .map((li) => li.getAttribute('aria-label'));

describe('StackTraceView', () => {
  it('lists in-app frames only, then every frame after the toggle', async () => {
    render(<Controlled />);
    expect(frameNames()).toEqual([
      'submitOrder at src/checkout/pay.ts:42:2',
      'onClick at src/checkout/PayButton.tsx:18:2',
    ]);
    expect(screen.getByText('1 vendor or browser frame hidden')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('radio', { name: 'All frames' }));
    expect(frameNames()).toEqual([
      'submitOrder at src/checkout/pay.ts:42:2',
      'callCallback at node_modules/react-dom/index.js:10:2',
      'onClick at src/checkout/PayButton.tsx:18:2',
    ]);
    expect(screen.getByText('vendor')).toBeInTheDocument();
  });

  it('shows the source around an in-app frame, the frame’s line marked, and hides it on request', async () => {
    render(<Controlled />);
    const source = screen.getByLabelText('Source of src/checkout/pay.ts');
    expect(source.textContent).toBe(
      '40const order = cart.current();41// pay42const total = order.summary.total;43return order;'
    );
    expect(
      within(source).getByText('const total = order.summary.total;', { exact: false }).closest('[aria-current]')
    ).not.toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Hide source' }));
    expect(screen.queryByLabelText('Source of src/checkout/pay.ts')).not.toBeInTheDocument();
  });

  it('lists the cause chain outermost first', () => {
    render(<Controlled />);
    expect(screen.getAllByLabelText(/^Cause \d$/).map((c) => c.textContent)).toEqual([
      'Caused byError: order summary missingError: order summary missing\n  at load',
      'Caused byTypeError: Failed to fetch',
    ]);
  });

  it('says so when an event has no frames', () => {
    render(
      <StackTraceView
        exception={{ type: 'Error', message: 'x' }}
        frames={[]}
        causes={[]}
        mode="app"
        onModeChange={jest.fn()}
      />
    );
    expect(screen.getByText(/has no stack frames/)).toBeInTheDocument();
  });
});

describe('visibleFrames', () => {
  it.each([
    ['all', FRAMES, 3, false, 0],
    ['app', FRAMES, 2, false, 1],
    ['app', [FRAMES[1]!], 1, true, 0],
    ['app', [], 0, false, 0],
  ] as const)('%s mode, case %#', (mode, frames, shown, fellBack, hidden) => {
    const v = visibleFrames([...frames], mode);
    expect([v.frames.length, v.fellBack, v.hidden]).toEqual([shown, fellBack, hidden]);
  });
});

describe('sourceLines', () => {
  it.each([
    [frame({}), []],
    [frame({ lineno: 5, context_line: 'x' }), [{ lineno: 5, text: 'x', current: true }]],
    [
      frame({ lineno: 5, context_pre: 'a', context_line: 'x', context_post: 'b\nc' }),
      [
        { lineno: 4, text: 'a', current: false },
        { lineno: 5, text: 'x', current: true },
        { lineno: 6, text: 'b', current: false },
        { lineno: 7, text: 'c', current: false },
      ],
    ],
  ])('numbers the context lines around the frame’s line (%#)', (f, lines) => {
    expect(sourceLines(f)).toEqual(lines);
  });
});
