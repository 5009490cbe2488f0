package plugin

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func ok(scope string, projects any, visible ...string) probe {
	return probe{OK: true, Whoami: whoami{Scope: scope, Projects: projects, VisibleProjects: visible}}
}

func failed(status int, body string) probe {
	a := answer{Status: status, Body: []byte(body)}
	if status == 0 {
		a.Err = errors.New("dial tcp 127.0.0.1:1: connect: connection refused")
	}
	return probe{Failed: a}
}

// The sentences are health/health.ts describeHealth()'s, so "Save & test" and Grafana's health API agree.
func TestDescribeHealth(t *testing.T) {
	const url = "http://processor:4318"
	cases := []struct {
		name   string
		in     HealthInput
		status backend.HealthStatus
		detail string // "success", "warning" or "error"
		says   []string
	}{
		{"a read token with read scope", HealthInput{Read: ok("read", []any{"p1"}, "p1")}, backend.HealthStatusOk, "success",
			[]string{"Connected to PulseTrace at http://processor:4318.", "The read token has read scope and reaches 1 project: p1."}},
		{"a read token that reaches every project", HealthInput{Read: ok("read", "*", "p1", "p2")}, backend.HealthStatusOk, "success",
			[]string{"reaches every project (2 now: p1, p2)."}},
		{"a read token with admin scope", HealthInput{Read: ok("admin", "*", "p1")}, backend.HealthStatusOk, "warning",
			[]string{"The read token has admin scope", "use a read-scoped token as the read token."}},
		{"no project yet", HealthInput{Read: ok("read", "*")}, backend.HealthStatusOk, "warning",
			[]string{"The read token reaches no project yet: create a project, or grant this token one."}},
		{"a default project the token does not reach", HealthInput{DefaultProject: "other", Read: ok("read", []any{"p1"}, "p1")}, backend.HealthStatusOk, "warning",
			[]string{`The default project "other" is not one the read token reaches.`}},
		{"a default project that is a unique name", HealthInput{DefaultProject: "shop", ProjectNames: []string{"shop"}, Read: ok("read", []any{"p1"}, "p1")}, backend.HealthStatusOk, "success", nil},
		{"a default project name two projects have", HealthInput{DefaultProject: "shop", ProjectNames: []string{"shop", "shop"}, Read: ok("read", []any{"p1", "p2"}, "p1", "p2")}, backend.HealthStatusOk, "warning",
			[]string{`The default project "shop" is the name of 2 projects: set one's id instead.`}},
		{"unreachable", HealthInput{Read: failed(0, "")}, backend.HealthStatusError, "error",
			[]string{"Grafana could not reach the PulseTrace processor at http://processor:4318."}},
		{"a bad read token", HealthInput{Read: failed(401, `{"error":"unknown or revoked token"}`)}, backend.HealthStatusError, "error",
			[]string{"The processor rejected the read token (401): it is wrong, revoked or expired. Paste a valid read token and save again."}},
		{"not a processor", HealthInput{Read: failed(404, `Cannot GET`)}, backend.HealthStatusError, "error",
			[]string{"answered 404 for /api/v1/whoami: it is not a PulseTrace processor"}},
		{"a refused read token", HealthInput{Read: failed(403, `{"error":"this token may not read"}`)}, backend.HealthStatusError, "error",
			[]string{"The processor refused the read token (403): this token may not read."}},
		{"write and admin tokens with their scopes", HealthInput{Read: ok("read", "*", "p1"), Write: ptr(ok("write", "*")), Admin: ptr(ok("admin", "*"))}, backend.HealthStatusOk, "success",
			[]string{"The write token has write scope, for Grafana Editors.", "The admin token has admin scope, for Grafana Admins."}},
		{"a write token with admin scope", HealthInput{Read: ok("read", "*", "p1"), Write: ptr(ok("admin", "*"))}, backend.HealthStatusOk, "warning",
			[]string{"The write token has admin scope: Grafana Editors would get admin access through this data source."}},
		{"an admin token with write scope", HealthInput{Read: ok("read", "*", "p1"), Admin: ptr(ok("write", "*"))}, backend.HealthStatusError, "error",
			[]string{"The admin token only has write scope, so Grafana Admins could not do what needs admin access. Use a admin-scoped token."}},
		{"a revoked admin token", HealthInput{Read: ok("read", "*", "p1"), Admin: ptr(failed(401, `{}`))}, backend.HealthStatusError, "error",
			[]string{"The processor rejected the admin token (401): it is wrong, revoked or expired."}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.in.URL = url
			got := DescribeHealth(c.in)
			var details map[string]string
			_ = json.Unmarshal(got.JSONDetails, &details)
			if got.Status != c.status || details["status"] != c.detail {
				t.Fatalf("status %v (%s), want %v (%s): %s", got.Status, details["status"], c.status, c.detail, got.Message)
			}
			for _, s := range c.says {
				if !strings.Contains(got.Message, s) {
					t.Fatalf("message %q does not say %q", got.Message, s)
				}
			}
		})
	}
}

func ptr(p probe) *probe { return &p }

// Whole-request failures land on the right queries (query/response.ts mapRequestFailure).
func TestRequestFailure(t *testing.T) {
	invalid := answer{Status: 400, Body: []byte(`{"error":"invalid query","issues":[{"path":"queries.1.metric","message":"metric is LCP, INP, CLS, FCP or TTFB"}]}`)}
	got := requestFailure(invalid, []string{"A", "B"})
	if got["B"].Error == nil || !strings.Contains(got["B"].Error.Error(), "The processor could not run this query: metric: metric is LCP") {
		t.Fatalf("B: %v", got["B"].Error)
	}
	if got["A"].Error == nil || !strings.Contains(got["A"].Error.Error(), "another query of this panel is not valid") {
		t.Fatalf("A: %v", got["A"].Error)
	}
	cases := []struct {
		a    answer
		want string
	}{
		{answer{Err: errors.New("connection refused")}, unreachableQuery},
		{answer{Status: 401, Body: []byte(`{"error":"unknown or revoked token"}`)}, "The processor rejected the data source's read token"},
		{answer{Status: 404, Body: []byte(`{"error":"no project nope for this token"}`)}, "No project nope for this token: check the project id, and that the read token was granted this project."},
		{answer{Status: 400, Body: []byte(`{"error":"send between 1 and 20 queries"}`)}, "The processor could not run the query: send between 1 and 20 queries."},
		{answer{Status: 500, Body: []byte(`oops`)}, "The processor failed to answer: oops."},
	}
	for _, c := range cases {
		r := requestFailure(c.a, []string{"A"})["A"]
		if r.Error == nil || !strings.Contains(r.Error.Error(), c.want) {
			t.Errorf("status %d: %v, want %q", c.a.Status, r.Error, c.want)
		}
		if c.a.Status == 0 && r.Status != backend.StatusBadGateway {
			t.Errorf("unreachable is %v, want 502", r.Status)
		}
	}
}
