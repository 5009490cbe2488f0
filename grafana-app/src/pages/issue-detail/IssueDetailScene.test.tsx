import React from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { config } from '@grafana/runtime';
import {
  ConstantVariable,
  EmbeddedScene,
  SceneFlexItem,
  SceneFlexLayout,
  SceneVariableSet,
  getUrlState,
  syncStateFromSearchParams,
} from '@grafana/scenes';
import { fakeBackend } from '../../../../grafana-datasource/src/testing/grafana';
import { deniedReason } from '../../auth/roles';
import { IssueActions } from './IssueActions';
import { IssueDetailScene } from './IssueDetailScene';
import { issueDetailScene } from './issueDetailPage';

function signInAs(role: string) {
  config.bootData = { ...config.bootData, user: { ...config.bootData.user, orgRole: role as never } };
}

/** The page's IssueDetailScene inside the page scene. */
function detailOf(root: ReturnType<typeof issueDetailScene>): IssueDetailScene {
  const found = root.state.body as SceneFlexLayout;
  return (found.state.children[0] as SceneFlexItem).state.body as IssueDetailScene;
}

describe('issue detail URL state', () => {
  it('round-trips the shown event and the frames toggle through the URL', () => {
    const root = issueDetailScene('fp-checkout');
    const detail = detailOf(root);
    detail.showEvent('fp-checkout-e3');
    detail.setFrames('all');
    const url = getUrlState(root);
    expect(url).toMatchObject({ event: 'fp-checkout-e3', frames: 'all' });

    const again = issueDetailScene('fp-checkout');
    const params = new URLSearchParams(
      Object.entries(url).flatMap(([k, v]) => (v === undefined || v === null ? [] : [[k, String(v)]]))
    );
    syncStateFromSearchParams(again, params);
    const restored = detailOf(again);
    expect(restored.state.eventId).toBe('fp-checkout-e3');
    expect(restored.state.frames).toBe('all');
    // The restored scene queries the event the link names.
    expect(restored.runner.state.queries[0]).toMatchObject({
      type: 'issue_detail',
      issueId: 'fp-checkout',
      eventId: 'fp-checkout-e3',
    });
  });

  it('defaults to the latest event and in-app frames, and ignores an unknown frames value', () => {
    const root = issueDetailScene('fp');
    syncStateFromSearchParams(root, new URLSearchParams('frames=bogus'));
    const detail = detailOf(root);
    expect(detail.state.eventId).toBeUndefined();
    expect(detail.state.frames).toBe('app');
    expect(detail.runner.state.queries[0]).not.toHaveProperty('eventId');
  });
});

describe('issue detail changes', () => {
  function sceneWithVariables() {
    const detail = new IssueDetailScene({ issueId: 'fp/1' });
    new EmbeddedScene({
      $variables: new SceneVariableSet({
        variables: [
          new ConstantVariable({ name: 'ds', value: 'pt' }),
          new ConstantVariable({ name: 'project', value: 'shop' }),
        ],
      }),
      body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: detail })] }),
    });
    return detail;
  }

  it('PATCHes on the write route, then rereads the issue and its activity on the read route', async () => {
    const backend = fakeBackend((req) => {
      if (req.url.endsWith('/activity')) {
        return { status: 200, data: { activity: [{ id: '1', action: 'status_change', toStatus: 'resolved' }] } };
      }
      return { status: 200, data: { id: 'fp/1', status: 'resolved' } };
    });
    const detail = sceneWithVariables();
    await detail.change({ status: 'resolved' });
    expect(backend.paths()).toEqual([
      'write /api/v1/projects/shop/issues/fp%2F1',
      'read /api/v1/projects/shop/issues/fp%2F1',
      'read /api/v1/projects/shop/issues/fp%2F1/activity',
    ]);
    expect(backend.requests[0]).toMatchObject({ method: 'PATCH', data: { status: 'resolved' } });
    expect(detail.state.issue?.status).toBe('resolved');
    expect(detail.state.activity).toHaveLength(1);
  });

  it('POSTs a comment on the write route', async () => {
    const backend = fakeBackend((req) => ({ status: req.method === 'POST' ? 201 : 200, data: { activity: [] } }));
    await sceneWithVariables().comment('Fixed by #42');
    expect(backend.requests[0]).toMatchObject({ method: 'POST', data: { text: 'Fixed by #42' } });
    expect(backend.paths()[0]).toBe('write /api/v1/projects/shop/issues/fp%2F1/comments');
  });
});

describe('IssueActions', () => {
  const props = () => ({
    status: 'unresolved',
    assignee: null,
    onChange: jest.fn(async () => {}),
    onComment: jest.fn(async () => {}),
  });

  it('shows a Viewer every action disabled, with who can', () => {
    signInAs('Viewer');
    render(<IssueActions {...props()} />);
    for (const name of ['Resolve', 'Resolve in next release', 'Ignore…', 'Unassign', 'Comment']) {
      expect(screen.getByRole('button', { name })).toBeDisabled();
    }
    expect(screen.getAllByLabelText(deniedReason('changeIssues')).length).toBe(5);
    expect(screen.getByRole('textbox', { name: 'Assignee' })).toBeDisabled();
    expect(screen.getByRole('textbox', { name: 'Comment' })).toBeDisabled();
  });

  it('lets an Editor resolve, assign and comment', async () => {
    signInAs('Editor');
    const p = props();
    render(<IssueActions {...p} />);
    fireEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    await waitFor(() => expect(p.onChange).toHaveBeenCalledWith({ status: 'resolved' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Assignee' }), { target: { value: ' ana ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Assign' }));
    await waitFor(() => expect(p.onChange).toHaveBeenCalledWith({ assignee: 'ana' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Comment' }), { target: { value: 'looking' } });
    fireEvent.click(screen.getByRole('button', { name: 'Comment' }));
    await waitFor(() => expect(p.onComment).toHaveBeenCalledWith('looking'));
  });

  it('validates the ignore-until form before sending it', async () => {
    signInAs('Editor');
    const p = props();
    render(<IssueActions {...p} />);
    fireEvent.click(screen.getByRole('button', { name: 'Ignore…' }));
    fireEvent.change(screen.getByRole('spinbutton'), { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Ignore' }));
    expect(await screen.findByText('Enter a whole number of events, at least 1.')).toBeInTheDocument();
    expect(p.onChange).not.toHaveBeenCalled();

    fireEvent.change(screen.getByRole('spinbutton'), { target: { value: '50' } });
    fireEvent.click(screen.getByRole('button', { name: 'Ignore' }));
    await waitFor(() => expect(p.onChange).toHaveBeenCalledWith({ status: 'ignored', ignoreUntil: { count: 50 } }));
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Ignore until' })).not.toBeInTheDocument());
  });

  it('offers Unresolve on a resolved or ignored issue', () => {
    signInAs('Editor');
    render(<IssueActions {...props()} status="ignored" />);
    expect(screen.getByRole('button', { name: 'Unresolve' })).toBeEnabled();
    expect(screen.queryByRole('button', { name: 'Resolve' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Ignore…' })).not.toBeInTheDocument();
  });
});
