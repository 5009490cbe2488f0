import { FieldType, LoadingState, toDataFrame } from '@grafana/data';
import { INSTALL_SDK, NO_ISSUES, PICK_PROJECT, streamNotice } from './notice';

const probe = (pageViews: number) => [
  toDataFrame({ refId: 'traffic', fields: [{ name: 'page_views', type: FieldType.number, values: [pageViews] }] }),
];

describe('streamNotice', () => {
  it.each([
    ['no project chosen', '', LoadingState.Done, 0, probe(0), PICK_PROJECT],
    ['loading', 'shop', LoadingState.Loading, 0, probe(0), undefined],
    ['an error (the page shows it)', 'shop', LoadingState.Error, 0, probe(0), undefined],
    ['rows', 'shop', LoadingState.Done, 3, probe(0), undefined],
    ['no rows, no page views: install the SDK', 'shop', LoadingState.Done, 0, probe(0), INSTALL_SDK],
    ['no rows, no probe frame at all', 'shop', LoadingState.Done, 0, [], INSTALL_SDK],
    ['no rows but traffic: no issues', 'shop', LoadingState.Done, 0, probe(120), NO_ISSUES],
  ])('%s', (_name, project, state, rows, frames, notice) => {
    expect(streamNotice(project, state, rows, frames)).toBe(notice);
  });

  it('links the install notice to Setup', () => {
    expect(INSTALL_SDK.action?.href).toBe('/a/pulsetrace-app/setup');
  });
});
