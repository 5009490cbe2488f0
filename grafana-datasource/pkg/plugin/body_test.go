package plugin

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

func TestBuildQueryBody(t *testing.T) {
	from := time.UnixMilli(1_700_000_000_000)
	to := from.Add(time.Hour)
	base := func(extra map[string]any) map[string]any {
		out := map[string]any{"refId": "A", "project": "shop", "from": float64(from.UnixMilli()), "to": float64(to.UnixMilli())}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	cases := []struct {
		name          string
		model         string
		interval      time.Duration
		maxDataPoints int64
		defaultProj   string
		want          map[string]any
		problem       string
	}{
		{
			name:  "Grafana's and the editor's own fields are not sent (the processor's schemas are strict)",
			model: `{"refId":"A","type":"web_vitals","project":"shop","schemaVersion":1,"datasource":{"type":"pulsetrace-rum-datasource","uid":"x"},"hide":false,"intervalMs":15000,"maxDataPoints":43200,"metric":"LCP"}`,
			want:  base(map[string]any{"type": "web_vitals", "metric": "LCP"}),
		},
		{
			name:  "only the type's own options: another type's leftovers are dropped",
			model: `{"type":"errors","project":"shop","view":"table","metric":"LCP","dimension":"page","handled":false}`,
			want:  base(map[string]any{"type": "errors", "view": "table", "handled": false}),
		},
		{
			name:          "interval and max data points clamped to the processor's bounds",
			model:         `{"type":"web_analytics","project":"shop"}`,
			interval:      200 * time.Millisecond,
			maxDataPoints: 43200,
			want:          base(map[string]any{"type": "web_analytics", "intervalMs": float64(1000), "maxDataPoints": float64(11000)}),
		},
		{
			name:     "a usable interval is sent as is, in ms",
			model:    `{"type":"web_analytics","project":"shop"}`,
			interval: time.Minute, maxDataPoints: 500,
			want: base(map[string]any{"type": "web_analytics", "intervalMs": float64(60000), "maxDataPoints": float64(500)}),
		},
		{
			name:  "empty and All filter values mean no filter; values trimmed and distinct",
			model: `{"type":"http","project":"shop","filters":{"route":["$__all"],"release":[" 1.0 ","1.0",""],"browser":[]},"exclude":{"country":["*"]}}`,
			want:  base(map[string]any{"type": "http", "filters": map[string]any{"release": []any{"1.0"}}}),
		},
		{
			name:  "group-by distinct, at most three; bots only when asked; limit kept exact",
			model: `{"type":"errors","project":"shop","groupBy":["release","route","release","browser","os"],"includeBots":false,"limit":9007199254740991}`,
			want:  base(map[string]any{"type": "errors", "groupBy": []any{"release", "route", "browser"}, "limit": float64(9007199254740991)}),
		},
		{
			name:  "text options trimmed, empty ones and empty or All lists left out",
			model: `{"type":"issues","project":"shop","search":"  ","assignee":" ana ","statuses":[],"trend":true,"offset":20}`,
			want:  base(map[string]any{"type": "issues", "assignee": "ana", "trend": true, "offset": float64(20)}),
		},
		{
			name:        "the data source's default project when the query names none",
			model:       `{"type":"releases","project":""}`,
			defaultProj: "shop",
			want:        base(map[string]any{"type": "releases"}),
		},
		{
			name:  "a query saved without a type is the editor's default type",
			model: `{"project":"shop","metric":"INP","percentiles":[75,95]}`,
			want:  base(map[string]any{"type": "web_vitals", "metric": "INP", "percentiles": []any{float64(75), float64(95)}}),
		},
		{
			name:  "an unknown type goes to the processor, which names the types it knows",
			model: `{"type":"nope","project":"shop","view":"x"}`,
			want:  base(map[string]any{"type": "nope"}),
		},
		{name: "no project anywhere", model: `{"type":"errors"}`, problem: noProjectReason},
		{name: "a model that is not an object", model: `[1,2]`, problem: "The saved query is not a JSON object: open it in the query editor and save it again."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body, problem := BuildQueryBody(QueryInput{
				RefID: "A", Model: json.RawMessage(c.model), From: from, To: to,
				Interval: c.interval, MaxDataPoints: c.maxDataPoints, DefaultProject: c.defaultProj,
			})
			if problem != c.problem {
				t.Fatalf("problem = %q, want %q", problem, c.problem)
			}
			if c.problem != "" {
				return
			}
			// Compare as the processor sees it: the JSON on the wire.
			raw, err := json.Marshal(body)
			if err != nil {
				t.Fatal(err)
			}
			var got map[string]any
			if err := json.Unmarshal(raw, &got); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("body\n got %s\nwant %v", raw, c.want)
			}
		})
	}
}
