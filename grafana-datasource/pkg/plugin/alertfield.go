package plugin

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// alertFieldOf reads the model's `alertField`: the one numeric field an alert rule judges
// (alert-rules/src/grafana/model.ts). Never sent to the processor (it is no query option).
func alertFieldOf(model json.RawMessage) string {
	var m struct {
		AlertField string `json:"alertField"`
	}
	_ = json.Unmarshal(model, &m)
	return strings.TrimSpace(m.AlertField)
}

func isNumeric(f *data.Field) bool {
	return f.Type().Numeric()
}

// KeepAlertField keeps, in each frame, the time and text fields and only the numeric field named
// `name`: Grafana alerting takes one number per series (a table with exactly one numeric column,
// the text columns becoming labels, or value fields told apart by labels), while most query types
// answer several (p75 and samples and shares). An empty name keeps everything. A name that is no
// numeric field of the answer is an error naming the ones there are, not a silent "no data".
func KeepAlertField(frames data.Frames, name string) (data.Frames, error) {
	if name == "" {
		return frames, nil
	}
	found := false
	var numeric []string
	for _, frame := range frames {
		kept := frame.Fields[:0:0]
		for _, f := range frame.Fields {
			if !isNumeric(f) {
				kept = append(kept, f)
				continue
			}
			if f.Name == name {
				found = true
				kept = append(kept, f)
			} else if !slices.Contains(numeric, f.Name) {
				numeric = append(numeric, f.Name)
			}
		}
		frame.Fields = kept
	}
	if !found && len(frames) > 0 {
		return nil, fmt.Errorf("the alert rule's field %q is not a number this query answers (it answers: %s)", name, strings.Join(numeric, ", "))
	}
	return frames, nil
}
