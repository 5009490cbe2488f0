package plugin

// QueryData against the real processor: every query type the processor registers answers the
// frames POST /api/v1/query answers for the body the frontend would send.

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// queryCase is one query type: the model as the query editor saves it, and the body the frontend's
// buildQueryBody would post for it (besides refId, type, project, from, to, intervalMs, maxDataPoints).
type queryCase struct {
	model map[string]any
	body  map[string]any
}

func queryCases(p *testProcessor) map[string]queryCase {
	same := func(m map[string]any) queryCase { return queryCase{model: m, body: m} }
	return map[string]queryCase{
		"web_vitals": {
			model: map[string]any{"metric": "LCP", "percentiles": []any{75, 95}, "view": "timeseries", "groupBy": []any{"release"},
				"filters": map[string]any{"environment": []any{"prod"}, "route": []any{"$__all"}}, "exclude": map[string]any{"browser": []any{"Safari"}}, "attribution": ""},
			body: map[string]any{"metric": "LCP", "percentiles": []any{75, 95}, "view": "timeseries", "groupBy": []any{"release"},
				"filters": map[string]any{"environment": []any{"prod"}}, "exclude": map[string]any{"browser": []any{"Safari"}}},
		},
		"web_analytics":      same(map[string]any{"metrics": []any{"page_views", "visitors", "sessions", "bounce_rate"}, "view": "timeseries"}),
		"web_breakdown":      same(map[string]any{"dimension": "page"}),
		"errors":             {model: map[string]any{"view": "timeseries", "groupBy": []any{"release"}, "exceptionTypes": []any{}, "metric": "LCP"}, body: map[string]any{"view": "timeseries", "groupBy": []any{"release"}}},
		"error_rate":         same(map[string]any{"view": "timeseries", "per": "session"}),
		"issues":             same(map[string]any{"sort": "frequent", "statuses": []any{"unresolved"}, "trend": true}),
		"issue_detail":       same(map[string]any{"issueId": p.IssueID}),
		"releases":           same(map[string]any{}),
		"release_comparison": same(map[string]any{"baseRelease": p.Releases[0], "targetRelease": p.Releases[1]}),
		"http":               same(map[string]any{"view": "endpoints", "methods": []any{"GET"}}),
		"long_tasks":         same(map[string]any{"view": "timeseries"}),
		"resources":          same(map[string]any{"view": "by_type"}),
		"sessions":           same(map[string]any{"sort": "newest", "hadError": "any", "limit": 50}),
		"session_timeline":   same(map[string]any{"sessionId": p.SessionID}),
		"custom_events":      same(map[string]any{"view": "properties", "propertyKey": "plan", "names": []any{"checkout_started"}}),
		"live":               same(map[string]any{"limit": 500}),
		"alerts":             same(map[string]any{"view": "timeline", "states": []any{"firing", "resolved"}}),
		"insights":           same(map[string]any{"view": "list", "statuses": []any{"open"}}),
	}
}
func TestEveryQueryTypeAndOptionIsTheProcessors(t *testing.T) {
	p := startProcessor(t)
	types := registered(t, p.URL)
	cases := queryCases(p)
	for queryType, props := range types {
		if _, ok := cases[queryType]; !ok {
			t.Errorf("the processor registers %s: add a realistic model for it to queryCases", queryType)
		}
		if _, ok := typeOptions[queryType]; !ok {
			t.Errorf("the processor registers %s: add its options to typeOptions (options.go)", queryType)
		}
		for _, key := range OptionKeys(queryType) {
			if !slices.Contains(props, key) {
				t.Errorf("%s: option %s is not in the processor's schema", queryType, key)
			}
		}
	}
	for queryType := range typeOptions {
		if _, ok := types[queryType]; !ok {
			t.Errorf("typeOptions has %s, which the processor does not register", queryType)
		}
	}
}
func TestQueryDataAnswersWhatTheQueryAPIAnswers(t *testing.T) {
	p := startProcessor(t)
	ds := newDatasource(t, p.URL, map[string]any{"defaultProject": p.Project}, map[string]string{
		"readToken": p.Tokens["read"], "writeToken": p.Tokens["write"],
	})
	from := time.UnixMilli(p.Now).Add(-2 * time.Hour)
	to := time.UnixMilli(p.Now).Add(time.Minute)
	cases := queryCases(p)
	var names []string
	for name := range cases {
		names = append(names, name)
	}
	sort.Strings(names)
	// Every type in one request (one batch of 17), a model saved as the editor saves it; half of
	// them name the project, the others use the data source's default project.
	req := &backend.QueryDataRequest{}
	for i, name := range names {
		model := map[string]any{"refId": name, "type": name, "schemaVersion": 1, "includeBots": false,
			"datasource": map[string]any{"type": "pulsetrace-rum-datasource", "uid": "pulsetrace"}, "hide": false}
		if i%2 == 0 {
			model["project"] = p.Project
		}
		for k, v := range cases[name].model {
			model[k] = v
		}
		raw, _ := json.Marshal(model)
		req.Queries = append(req.Queries, backend.DataQuery{RefID: name, JSON: raw, Interval: time.Minute,
			MaxDataPoints: 1000, TimeRange: backend.TimeRange{From: from, To: to}})
	}
	resp, err := ds.QueryData(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	nonEmpty := 0
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			got := resp.Responses[name]
			if got.Error != nil {
				t.Fatalf("QueryData: %v", got.Error)
			}
			body := map[string]any{"refId": name, "type": name, "project": p.Project, "from": from.UnixMilli(),
				"to": to.UnixMilli(), "intervalMs": 60000, "maxDataPoints": 1000}
			for k, v := range cases[name].body {
				body[k] = v
			}
			want := postQuery(t, p, body)
			if len(got.Frames) != len(want) {
				t.Fatalf("%d frames, the query API answers %d", len(got.Frames), len(want))
			}
			for i := range want {
				if got.Frames[i].RefID != name {
					t.Errorf("frame %d has refId %q", i, got.Frames[i].RefID)
				}
				// Live events tied on their times come in either order (ORDER BY received_at, time).
				if diff := compareFrame(got.Frames[i], want[i], name == "live"); diff != "" {
					t.Errorf("frame %d: %s", i, diff)
				}
				if got.Frames[i].Rows() > 0 {
					nonEmpty++
				}
			}
		})
	}
	// The seed reaches most types: a comparison of empty frames alone would prove little.
	if nonEmpty < 12 {
		t.Errorf("only %d frames have rows", nonEmpty)
	}
}

func TestQueryDataBatchesOfTwentyAndPerQueryErrors(t *testing.T) {
	p := startProcessor(t)
	ds := newDatasource(t, p.URL, map[string]any{}, map[string]string{"readToken": p.Tokens["read"]})
	tr := backend.TimeRange{From: time.UnixMilli(p.Now).Add(-2 * time.Hour), To: time.UnixMilli(p.Now).Add(time.Minute)}
	req := &backend.QueryDataRequest{}
	for i := range 23 {
		model := fmt.Sprintf(`{"type":"web_analytics","project":%q,"metrics":["page_views"],"view":"total"}`, p.Project)
		req.Queries = append(req.Queries, backend.DataQuery{RefID: fmt.Sprintf("Q%d", i), JSON: json.RawMessage(model), TimeRange: tr})
	}
	// A query of another project, and one without any project (no default is set).
	req.Queries = append(req.Queries,
		backend.DataQuery{RefID: "other", JSON: json.RawMessage(`{"type":"errors","project":"nope"}`), TimeRange: tr},
		backend.DataQuery{RefID: "none", JSON: json.RawMessage(`{"type":"errors"}`), TimeRange: tr})
	resp, err := ds.QueryData(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	// The first 20 in one call, all answered; 24 page views seeded.
	for i := range 20 {
		r := resp.Responses[fmt.Sprintf("Q%d", i)]
		if r.Error != nil || len(r.Frames) != 1 || *r.Frames[0].Fields[0].At(0).(*float64) != 24 {
			t.Fatalf("Q%d: %v %v", i, r.Error, r.Frames)
		}
	}
	// The second call holds "other": the processor refuses the whole call (404 for a project the
	// token may not read), as it does for the frontend, and each query of it says so.
	for _, refID := range []string{"Q20", "Q21", "Q22", "other"} {
		r := resp.Responses[refID]
		if r.Error == nil || r.Status != backend.StatusNotFound || !strings.Contains(r.Error.Error(), "No project nope for this token") {
			t.Errorf("%s: %v %v", refID, r.Status, r.Error)
		}
	}
	if r := resp.Responses["none"]; r.Error == nil || r.Error.Error() != noProjectReason {
		t.Errorf("none: %v", r.Error)
	}
	if len(resp.Responses) != len(req.Queries) {
		t.Errorf("%d answers for %d queries", len(resp.Responses), len(req.Queries))
	}
}
