import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { DataSourceSettings } from '@grafana/data';
import { PulseTraceOptions, PulseTraceSecureJsonData } from '../types';
import { ConfigEditor, urlProblem } from './ConfigEditor';

type Settings = DataSourceSettings<PulseTraceOptions, PulseTraceSecureJsonData>;

function setup(jsonData: PulseTraceOptions = {}, secureJsonFields: Record<string, boolean> = {}) {
  const onOptionsChange = jest.fn();
  const options = { jsonData, secureJsonFields, secureJsonData: {} } as unknown as Settings;
  render(<ConfigEditor options={options} onOptionsChange={onOptionsChange} />);
  const last = (): Settings => onOptionsChange.mock.calls[onOptionsChange.mock.calls.length - 1][0];
  return { last };
}

describe('ConfigEditor', () => {
  it('keeps the URL and default project in jsonData', () => {
    const { last } = setup({ url: '' });
    fireEvent.change(screen.getByPlaceholderText('http://pulsetrace-processor:4318'), {
      target: { value: 'http://p:4318' },
    });
    expect(last().jsonData).toEqual({ url: 'http://p:4318' });
    fireEvent.change(screen.getByPlaceholderText('shop'), { target: { value: 'blog' } });
    expect(last().jsonData).toEqual({ url: '', defaultProject: 'blog' });
  });

  it('keeps each token in secureJsonData, never in jsonData', () => {
    const { last } = setup({ url: 'http://p' });
    fireEvent.change(screen.getByPlaceholderText('pt_read_…'), { target: { value: 'pt_read_x' } });
    expect(last().secureJsonData).toEqual({ readToken: 'pt_read_x' });
    expect(last().jsonData).toEqual({ url: 'http://p' });
    fireEvent.change(screen.getByPlaceholderText('pt_write_…'), { target: { value: 'pt_write_y' } });
    expect(last().secureJsonData).toEqual({ writeToken: 'pt_write_y' });
  });

  it('shows saved tokens as configured and resets one', () => {
    const { last } = setup({ url: 'http://p' }, { readToken: true, adminToken: true });
    const resets = screen.getAllByRole('button', { name: 'Reset' });
    expect(resets).toHaveLength(2);
    fireEvent.click(resets[1]);
    expect(last().secureJsonFields).toEqual({ readToken: true, adminToken: false });
    expect(last().secureJsonData).toEqual({ adminToken: '' });
  });

  it('explains which role uses which token', () => {
    setup();
    expect(
      screen.getByText(/Viewers use the read token, Editors the write token, Admins the admin token/)
    ).toBeInTheDocument();
  });

  it('flags a URL that is not http(s)', () => {
    setup({ url: 'processor:4318' });
    expect(screen.getByText(/Start with http:\/\/ or https:\/\//)).toBeInTheDocument();
  });

  it.each([
    ['', /Required/],
    ['processor:4318', /Start with http/],
    ['ftp://p', /Start with http/],
    ['http://pulsetrace-processor:4318', undefined],
    ['https://rum.example.com/api', undefined],
  ])('checks the URL %p', (url, problem) => {
    if (problem) {
      expect(urlProblem(url)).toMatch(problem);
    } else {
      expect(urlProblem(url)).toBeUndefined();
    }
  });
});
