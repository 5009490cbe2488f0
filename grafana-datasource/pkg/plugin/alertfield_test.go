package plugin

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

func fieldNames(frames data.Frames) [][]string {
	var out [][]string
	for _, f := range frames {
		var names []string
		for _, field := range f.Fields {
			names = append(names, field.Name)
		}
		out = append(out, names)
	}
	return out
}

func TestKeepAlertField(t *testing.T) {
	series := func() data.Frames {
		labels := data.Labels{"route": "/cart"}
		return data.Frames{data.NewFrame("",
			data.NewField("time", nil, []*time.Time{}),
			data.NewField("p75", labels, []*float64{}),
			data.NewField("samples", labels, []*float64{}),
			data.NewField("good_share", labels, []*float64{}),
		)}
	}
	table := func() data.Frames {
		return data.Frames{data.NewFrame("",
			data.NewField("route", nil, []*string{}),
			data.NewField("error_rate", nil, []*float64{}),
			data.NewField("sessions", nil, []*float64{}),
		)}
	}
	cases := []struct {
		name    string
		frames  data.Frames
		field   string
		want    string
		problem string
	}{
		{"no alertField keeps everything", series(), "", `[["time","p75","samples","good_share"]]`, ""},
		{"a series keeps time and its value field, labels and all", series(), "p75", `[["time","p75"]]`, ""},
		{"a table keeps its text columns (labels to Grafana) and the one number", table(), "error_rate", `[["route","error_rate"]]`, ""},
		{"a field the answer lacks names the ones it has", table(), "p75", "", `the alert rule's field "p75" is not a number this query answers (it answers: error_rate, sessions)`},
		{"a text field is no number to alert on", table(), "route", "", `(it answers: error_rate, sessions)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := KeepAlertField(c.frames, c.field)
			if c.problem != "" {
				if err == nil || !strings.Contains(err.Error(), c.problem) {
					t.Fatalf("error %v, want %q", err, c.problem)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if b, _ := json.Marshal(fieldNames(got)); string(b) != c.want {
				t.Fatalf("fields %s, want %s", b, c.want)
			}
			if c.field == "p75" && got[0].Fields[1].Labels["route"] != "/cart" {
				t.Fatal("labels lost")
			}
		})
	}
	if alertFieldOf(json.RawMessage(`{"type":"web_vitals","alertField":" p75 "}`)) != "p75" || alertFieldOf(json.RawMessage(`[]`)) != "" {
		t.Fatal("alertFieldOf")
	}
}
