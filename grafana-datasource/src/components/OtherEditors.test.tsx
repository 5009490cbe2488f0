import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { AnnotationEditor } from '../annotations/AnnotationEditor';
import { makeDataSource } from '../testing/datasource';
import { fakeBackend, fakeTemplateSrv } from '../testing/grafana';
import { VariableQueryEditor } from '../variables/VariableQueryEditor';

beforeEach(() => {
  fakeTemplateSrv();
  fakeBackend(() => ({ status: 200, data: { projects: [], values: [] } }));
});

describe('VariableQueryEditor', () => {
  it.each([undefined, 'releases(shop)', { kind: 'planets', limit: 'x' }, 42])(
    'renders %p without crashing',
    (query) => {
      render(
        <VariableQueryEditor
          query={query as never}
          onChange={jest.fn()}
          onRunQuery={jest.fn()}
          datasource={makeDataSource()}
        />
      );
      expect(screen.getByText('Values')).toBeInTheDocument();
    }
  );

  it('lists values of a kind for a project', () => {
    const onChange = jest.fn();
    render(
      <VariableQueryEditor
        query={{ refId: 'v' } as never}
        onChange={onChange}
        onRunQuery={jest.fn()}
        datasource={makeDataSource()}
      />
    );
    expect(screen.queryByLabelText('Project')).not.toBeInTheDocument();
    const kind = screen.getByLabelText('Values');
    fireEvent.change(kind, { target: { value: 'Environments' } });
    fireEvent.keyDown(kind, { key: 'Enter' });
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'v', kind: 'environments', project: '' });
  });

  it('shows the project for kinds that need one', () => {
    render(
      <VariableQueryEditor
        query={{ refId: 'v', kind: 'routes' } as never}
        onChange={jest.fn()}
        onRunQuery={jest.fn()}
        datasource={makeDataSource()}
      />
    );
    expect(screen.getByLabelText('Project')).toBeInTheDocument();
  });
});

describe('AnnotationEditor', () => {
  it('starts with releases and switches to deploys with an environment filter', () => {
    const onChange = jest.fn();
    const { rerender } = render(
      <AnnotationEditor
        query={undefined as never}
        onChange={onChange}
        onRunQuery={jest.fn()}
        datasource={makeDataSource()}
      />
    );
    expect(screen.getByRole('radio', { name: 'Releases' })).toBeChecked();
    fireEvent.click(screen.getByRole('radio', { name: 'Deploys' }));
    const next = onChange.mock.calls[0][0];
    expect(next).toMatchObject({ annotation: 'deploys' });
    rerender(
      <AnnotationEditor query={next} onChange={onChange} onRunQuery={jest.fn()} datasource={makeDataSource()} />
    );
    expect(screen.getByLabelText('Environments')).toBeInTheDocument();
  });

  it('says what insight annotations mark', () => {
    render(
      <AnnotationEditor
        query={{ refId: 'A', annotation: 'insights' } as never}
        onChange={jest.fn()}
        onRunQuery={jest.fn()}
        datasource={makeDataSource()}
      />
    );
    expect(screen.getByText(/for each incident card/)).toBeInTheDocument();
  });

  it('switches to alerts, which filter by state, severity and rule', () => {
    const onChange = jest.fn();
    const { rerender } = render(
      <AnnotationEditor
        query={{ refId: 'A', annotation: 'releases' } as never}
        onChange={onChange}
        onRunQuery={jest.fn()}
        datasource={makeDataSource()}
      />
    );
    expect(screen.queryByLabelText('States')).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('radio', { name: 'Alerts' }));
    const next = onChange.mock.calls[0][0];
    expect(next).toMatchObject({ annotation: 'alerts' });
    rerender(
      <AnnotationEditor query={next} onChange={onChange} onRunQuery={jest.fn()} datasource={makeDataSource()} />
    );
    expect(screen.getByText(/region from firing to resolution/)).toBeInTheDocument();
    for (const label of ['States', 'Severity', 'Rules']) {
      expect(screen.getByLabelText(label)).toBeInTheDocument();
    }
    const rules = screen.getByLabelText('Rules');
    fireEvent.change(rules, { target: { value: 'new-issue' } });
    fireEvent.keyDown(rules, { key: 'Enter' });
    expect(onChange.mock.calls.at(-1)[0]).toMatchObject({
      annotation: 'alerts',
      type: 'alerts',
      ruleIds: ['new-issue'],
    });
  });
});
