/**
 * SQL of a regroup (regroup.ts): the stored error columns grouping reads, and the issue
 * aggregates rebuilt from the errors of one project. The two INSERTs are the SELECTs of the
 * materialized views issues_mv (migration 0014) and issue_releases_mv (0005) restricted to one
 * project: test/issues-regroup.test.ts checks that an issue the regroup did not move reads the
 * same before and after, so a view changed without this file shows there.
 */

/** One page of a project's errors in sort-key order after the keyset cursor. */
export const ERRORS_PAGE = `
  SELECT event_id, toString(environment) AS environment, toUnixTimestamp64Nano(timestamp) AS ts,
    exception_type, exception_message, toString(release) AS release, attributes,
    frames.filename, frames.function, frames.in_app, frames.raw_function, frames.colno,
    frames.symbolicated, frames.context, fingerprint, fingerprint_version, grouping
  FROM errors
  WHERE project_id = {project:String}
    AND (toString(environment), toUnixTimestamp64Nano(timestamp), event_id) > ({env:String}, {ts:Int64}, {id:String})
  ORDER BY environment, timestamp, event_id
  LIMIT {limit:UInt32}`;

/** Rows to rewrite, by event id: read with joinGet in the mutation (a Join table is in memory). */
export const CREATE_CHANGES = (table: string) =>
  `CREATE TABLE IF NOT EXISTS ${table} (event_id String, fingerprint String, fingerprint_version UInt8, grouping String)
   ENGINE = Join(ANY, LEFT, event_id)`;

/** joinGet needs the table qualified with its database. */
export const REWRITE_ERRORS = (joined: string) => `
  ALTER TABLE errors UPDATE
    fingerprint = joinGet('${joined}', 'fingerprint', event_id),
    fingerprint_version = joinGet('${joined}', 'fingerprint_version', event_id),
    grouping = joinGet('${joined}', 'grouping', event_id)
  WHERE project_id = {project:String} AND joinGet('${joined}', 'fingerprint', event_id) != ''`;

const PROJECT_ERRORS = `FROM errors WHERE fingerprint != '' AND project_id = {project:String}`;

export const REBUILD_ISSUES = `
  INSERT INTO issues (project_id, fingerprint, retention_days, first_seen, last_seen, events, unhandled,
    users, sessions, releases, environments, first_release, last_release, title, first_title, culprit,
    exception_type, grouping, latest_event_id)
  SELECT project_id, fingerprint,
    max(e_retention_days), min(e_received_at), max(e_received_at), count(), countIf(e_handled = 0),
    uniqState(nullIf(e_user, '')), uniqState(nullIf(e_session_id, '')),
    groupUniqArrayState(100)(e_release), groupUniqArrayState(20)(e_environment),
    argMinState(e_release, if(e_release = '', toDateTime64('2299-12-31 00:00:00', 3), e_received_at)),
    argMaxState(e_release, if(e_release = '', toDateTime64('1970-01-01 00:00:00', 3), e_received_at)),
    argMaxState(e_title, e_received_at), argMinState(e_title, e_received_at),
    argMaxState(e_culprit, e_received_at), argMaxState(e_type, e_received_at),
    argMaxState(e_grouping, e_received_at), argMaxState(e_event_id, e_received_at)
  FROM
  (
    SELECT project_id, fingerprint,
      retention_days AS e_retention_days, received_at AS e_received_at, handled AS e_handled,
      if(user_id != '', user_id, if(visitor_id != '', visitor_id, visitor_hash)) AS e_user,
      session_id AS e_session_id, toString(release) AS e_release, toString(environment) AS e_environment,
      toString(exception_type) AS e_type, grouping AS e_grouping, event_id AS e_event_id,
      JSONExtractString(grouping, 'culprit') AS e_culprit,
      if(JSONExtractString(grouping, 'title') != '', JSONExtractString(grouping, 'title'),
        concat(e_type, if(exception_message = '', '', ': '), substring(splitByChar('\\n', exception_message)[1], 1, 200))) AS e_title
    ${PROJECT_ERRORS}
  )
  GROUP BY project_id, fingerprint`;

export const REBUILD_ISSUE_RELEASES = `
  INSERT INTO issue_releases (project_id, fingerprint, release, retention_days, first_seen, last_seen, events)
  SELECT project_id, fingerprint, toString(release), max(retention_days), min(received_at), max(received_at), count()
  ${PROJECT_ERRORS}
  GROUP BY project_id, fingerprint, toString(release)`;
