// No DOM here: the boundary's methods are exercised directly; real rendering is in the browser tests.
import { createElement, isValidElement, type ReactElement } from 'react';
import { captureException } from '../index';
import { ErrorBoundary, withErrorBoundary, type ErrorBoundaryProps } from './index';

jest.mock('../index', () => ({ captureException: jest.fn() }));
const capture = captureException as jest.MockedFunction<typeof captureException>;

function boundary(props: ErrorBoundaryProps) {
  const b = new ErrorBoundary(props);
  // Unmounted: apply state updates synchronously.
  b.setState = ((s: object) => Object.assign(b.state, s)) as never;
  return b;
}

beforeEach(() => capture.mockReset());

describe('ErrorBoundary', () => {
  it('reports with mechanism react, unhandled, with the component stack', () => {
    const onError = jest.fn();
    const err = new Error('render failed');
    boundary({ onError }).componentDidCatch(err, { componentStack: '\n    at Cart' });
    expect(capture).toHaveBeenCalledWith(err, {
      mechanism: 'react',
      handled: false,
      attributes: { 'pulsetrace.react.component_stack': '\n    at Cart' },
    });
    expect(onError).toHaveBeenCalledWith(err, '\n    at Cart');
  });

  it('does not throw when reporting fails (SDK missing or broken)', () => {
    capture.mockImplementation(() => {
      throw new Error('not initialised');
    });
    expect(() => boundary({}).componentDidCatch('x', { componentStack: null })).not.toThrow();
  });

  it('renders children, then the fallback, then children again after reset', () => {
    const b = boundary({
      children: 'ok',
      fallback: ({ error, reset }) => createElement('button', { onClick: reset }, String(error)),
    });
    expect(b.render()).toBe('ok');
    Object.assign(b.state, ErrorBoundary.getDerivedStateFromError(undefined));
    const fallback = b.render() as ReactElement<{ onClick: () => void; children: string }>;
    expect(fallback.props.children).toBe('undefined'); // `throw undefined` still shows the fallback
    fallback.props.onClick();
    expect(b.render()).toBe('ok');
  });

  it.each([
    ['a node', 'Something went wrong', 'Something went wrong'],
    ['nothing', undefined, null],
  ])('renders %s as fallback', (_name, fallback, out) => {
    const b = boundary({ children: 'ok', fallback });
    Object.assign(b.state, ErrorBoundary.getDerivedStateFromError(new Error('x')));
    expect(b.render()).toBe(out);
  });
});

describe('withErrorBoundary', () => {
  it('wraps the component and names it', () => {
    function Cart(props: { items: number }) {
      return createElement('div', null, props.items);
    }
    const Wrapped = withErrorBoundary(Cart, { fallback: 'oops' });
    expect(Wrapped.displayName).toBe('withErrorBoundary(Cart)');
    const out = (Wrapped as (p: { items: number }) => ReactElement<ErrorBoundaryProps>)({ items: 2 });
    expect(out.type).toBe(ErrorBoundary);
    expect(out.props.fallback).toBe('oops');
    expect(isValidElement(out.props.children)).toBe(true);
  });
});
