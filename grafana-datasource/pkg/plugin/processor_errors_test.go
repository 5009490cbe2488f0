package plugin

// Errors, CheckHealth and the generated Grafana alert rules against the real processor.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"go.yaml.in/yaml/v3"
)

func TestQueryDataErrorsCarryTheProcessorsMessage(t *testing.T) {
	p := startProcessor(t)
	tr := backend.TimeRange{From: time.UnixMilli(p.Now).Add(-time.Hour), To: time.UnixMilli(p.Now)}
	query := func(ds *Datasource, model string) backend.DataResponse {
		resp, err := ds.QueryData(context.Background(), &backend.QueryDataRequest{Queries: []backend.DataQuery{{RefID: "A", JSON: json.RawMessage(model), TimeRange: tr}}})
		if err != nil {
			t.Fatal(err)
		}
		return resp.Responses["A"]
	}
	good := newDatasource(t, p.URL, map[string]any{"defaultProject": p.Project}, map[string]string{"readToken": p.Tokens["read"]})
	r := query(good, `{"type":"web_vitals","metric":"FID"}`)
	if r.Error == nil || r.Status != backend.StatusBadRequest || !strings.Contains(r.Error.Error(), "The processor could not run this query: metric:") {
		t.Errorf("invalid metric: %v %v", r.Status, r.Error)
	}
	bad := newDatasource(t, p.URL, map[string]any{"defaultProject": p.Project}, map[string]string{"readToken": "pt_read_wrong"})
	if r := query(bad, `{"type":"errors"}`); r.Error == nil || r.Status != backend.StatusUnauthorized || !strings.Contains(r.Error.Error(), "rejected the data source's read token") {
		t.Errorf("bad token: %v %v", r.Status, r.Error)
	}
	none := newDatasource(t, p.URL, map[string]any{}, map[string]string{})
	if r := query(none, `{"type":"errors","project":"x"}`); r.Error == nil || r.Error.Error() != noReadToken {
		t.Errorf("no token: %v", r.Error)
	}
}

func TestCheckHealth(t *testing.T) {
	p := startProcessor(t)
	check := func(ds *Datasource) *backend.CheckHealthResult {
		res, err := ds.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	all := map[string]string{"readToken": p.Tokens["read"], "writeToken": p.Tokens["write"], "adminToken": p.Tokens["admin"]}
	res := check(newDatasource(t, p.URL, map[string]any{"defaultProject": "grafana-backend"}, all))
	want := fmt.Sprintf("Connected to PulseTrace at %s. The read token has read scope and reaches 1 project: %s. The write token has write scope, for Grafana Editors. The admin token has admin scope, for Grafana Admins.", p.URL, p.Project)
	if res.Status != backend.HealthStatusOk || res.Message != want {
		t.Errorf("good tokens: %v %q\nwant %q", res.Status, res.Message, want)
	}
	res = check(newDatasource(t, p.URL, map[string]any{}, map[string]string{"readToken": "pt_read_wrong"}))
	if res.Status != backend.HealthStatusError || !strings.Contains(res.Message, "The processor rejected the read token (401)") {
		t.Errorf("bad token: %v %q", res.Status, res.Message)
	}
	// A write token used as the admin token: the scope is named.
	res = check(newDatasource(t, p.URL, map[string]any{}, map[string]string{"readToken": p.Tokens["read"], "adminToken": p.Tokens["write"]}))
	if res.Status != backend.HealthStatusError || !strings.Contains(res.Message, "The admin token only has write scope") {
		t.Errorf("write token as admin: %v %q", res.Status, res.Message)
	}
	// Nothing listens on a port just released: unreachable, quickly, with the URL named.
	closed := "http://127.0.0.1:" + freeClosedPort(t)
	res = check(newDatasource(t, closed, map[string]any{}, map[string]string{"readToken": p.Tokens["read"]}))
	if res.Status != backend.HealthStatusError || !strings.Contains(res.Message, "Grafana could not reach the PulseTrace processor at "+closed) {
		t.Errorf("unreachable: %v %q", res.Status, res.Message)
	}
	if res := check(newDatasource(t, "", map[string]any{}, all)); res.Status != backend.HealthStatusError || res.Message != noURL {
		t.Errorf("no URL: %v %q", res.Status, res.Message)
	}
	if res := check(newDatasource(t, p.URL, map[string]any{}, map[string]string{})); res.Status != backend.HealthStatusError || res.Message != noReadToken {
		t.Errorf("no read token: %v %q", res.Status, res.Message)
	}
}

// The SDK client honours the data source's timeout setting (jsonData.timeout, seconds).
func TestClientUsesTheDataSourcesTimeout(t *testing.T) {
	raw, _ := json.Marshal(map[string]any{"url": "http://127.0.0.1:1", "timeout": 7})
	s := backend.DataSourceInstanceSettings{JSONData: raw}
	opts, err := s.HTTPClientOptions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if opts.Timeouts.Timeout != 7*time.Second {
		t.Fatalf("timeout %v", opts.Timeouts.Timeout)
	}
	ds, err := NewWithOptions(Settings{URL: "http://127.0.0.1:1"}, opts)
	if err != nil || ds.client.http.Timeout != 7*time.Second {
		t.Fatalf("client timeout %v (%v)", ds.client.http.Timeout, err)
	}
}

// The Grafana alert rules alert-rules/ generates (alerting provisioning, apiVersion 1) run here:
// each PulseTrace query of each rule, over its relative time range, answers without error and with
// exactly its alertField as the one numeric field of each frame (what Grafana's reduce expects).
func TestGeneratedGrafanaAlertRulesRunOnTheBackend(t *testing.T) {
	p := startProcessor(t)
	_, file, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(file), "..", "..", "..", "alert-rules", "generated", "grafana", "alert-rules.yaml")
	raw, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Skipf("%s is not generated yet", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Groups []struct {
			Rules []struct {
				UID  string `yaml:"uid"`
				Data []struct {
					RefID             string `yaml:"refId"`
					DatasourceUID     string `yaml:"datasourceUid"`
					RelativeTimeRange struct {
						From int64 `yaml:"from"`
						To   int64 `yaml:"to"`
					} `yaml:"relativeTimeRange"`
					Model map[string]any `yaml:"model"`
				} `yaml:"data"`
			} `yaml:"rules"`
		} `yaml:"groups"`
	}
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	// The rules name no project (""): the data source's default project answers, as in Grafana.
	ds := newDatasource(t, p.URL, map[string]any{"defaultProject": p.Project}, map[string]string{"readToken": p.Tokens["read"]})
	now := time.UnixMilli(p.Now).Add(time.Minute)
	req := &backend.QueryDataRequest{}
	fields := map[string]string{}
	for _, g := range doc.Groups {
		for _, r := range g.Rules {
			for _, d := range r.Data {
				if d.DatasourceUID != "pulsetrace" {
					continue
				}
				refID := r.UID + "/" + d.RefID
				model, _ := json.Marshal(d.Model)
				fields[refID], _ = d.Model["alertField"].(string)
				req.Queries = append(req.Queries, backend.DataQuery{RefID: refID, JSON: model, Interval: time.Minute, MaxDataPoints: 43200,
					TimeRange: backend.TimeRange{From: now.Add(-time.Duration(d.RelativeTimeRange.From) * time.Second), To: now.Add(-time.Duration(d.RelativeTimeRange.To) * time.Second)}})
			}
		}
	}
	if len(req.Queries) == 0 {
		t.Fatal("no PulseTrace query in the generated rules")
	}
	resp, err := ds.QueryData(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range req.Queries {
		r := resp.Responses[q.RefID]
		if r.Error != nil {
			t.Errorf("%s: %v", q.RefID, r.Error)
			continue
		}
		if len(r.Frames) == 0 {
			t.Errorf("%s: no frame", q.RefID)
		}
		for _, f := range r.Frames {
			var numeric []string
			for _, field := range f.Fields {
				if field.Type().Numeric() {
					numeric = append(numeric, field.Name)
				}
			}
			if fields[q.RefID] != "" && (len(numeric) != 1 || numeric[0] != fields[q.RefID]) {
				t.Errorf("%s: numeric fields %v, want only %s", q.RefID, numeric, fields[q.RefID])
			}
		}
	}
}
