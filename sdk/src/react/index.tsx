/**
 * @pulsetrace/web/react: an error boundary that reports render errors. React stays a peer; the
 * build turns '../index' into '@pulsetrace/web' so the boundary reports through the app's client.
 */
import { Component, type ComponentType, type ErrorInfo, type ReactNode } from 'react';
import { captureException } from '../index';

export const ATTR_COMPONENT_STACK = 'pulsetrace.react.component_stack';

export interface FallbackProps {
  error: unknown;
  /** Clears the error and renders the children again. */
  reset: () => void;
}

export interface ErrorBoundaryProps {
  /** Rendered instead of the children after an error (nothing when omitted). */
  fallback?: ReactNode | ((props: FallbackProps) => ReactNode);
  /** Called after the error is reported. */
  onError?: (error: unknown, componentStack: string) => void;
  children?: ReactNode;
}

interface State {
  // A flag of its own: `throw undefined` is still an error.
  failed: boolean;
  error: unknown;
}

export class ErrorBoundary extends Component<ErrorBoundaryProps, State> {
  override state: State = { failed: false, error: undefined };

  static getDerivedStateFromError(error: unknown): State {
    return { failed: true, error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    const componentStack = info?.componentStack ?? '';
    try {
      // A no-op before init(); the SDK never throws, but the boundary must not fail either way.
      captureException(error, {
        mechanism: 'react',
        handled: false,
        attributes: { [ATTR_COMPONENT_STACK]: componentStack || undefined },
      });
    } catch {
      // reporting is best effort
    }
    this.props.onError?.(error, componentStack);
  }

  reset = (): void => this.setState({ failed: false, error: undefined });

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    const { fallback } = this.props;
    return typeof fallback === 'function'
      ? fallback({ error: this.state.error, reset: this.reset })
      : (fallback ?? null);
  }
}

/** Wraps `C` in an ErrorBoundary configured with `boundary`. */
export function withErrorBoundary<P extends object>(
  C: ComponentType<P>,
  boundary: Omit<ErrorBoundaryProps, 'children'> = {},
): ComponentType<P> {
  const Wrapped = (props: P) => (
    <ErrorBoundary {...boundary}>
      <C {...props} />
    </ErrorBoundary>
  );
  Wrapped.displayName = `withErrorBoundary(${C.displayName || C.name || 'Component'})`;
  return Wrapped;
}
