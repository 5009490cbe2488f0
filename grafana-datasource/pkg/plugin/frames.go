package plugin

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// The processor's answer to POST /api/v1/query (collector-processor/src/query/types.ts).
type queryResponseJSON struct {
	Results map[string]queryResultJSON `json:"results"`
}

type queryResultJSON struct {
	Status int               `json:"status"`
	Frames []json.RawMessage `json:"frames"`
	Error  string            `json:"error"`
}

// frameJSON is Grafana's DataFrameJSON as the processor writes it (query/frames.ts): a schema with
// Grafana's field types (time, number, string, boolean, other) and one array of values per field.
// The SDK's own frame JSON reader needs typeInfo the processor does not send, hence this reader.
type frameJSON struct {
	Schema struct {
		Name   string          `json:"name"`
		RefID  string          `json:"refId"`
		Meta   json.RawMessage `json:"meta"`
		Fields []struct {
			Name   string            `json:"name"`
			Type   string            `json:"type"`
			Config *data.FieldConfig `json:"config"`
			Labels data.Labels       `json:"labels"`
		} `json:"fields"`
	} `json:"schema"`
	Data struct {
		Values [][]json.RawMessage `json:"values"`
	} `json:"data"`
}

// ToFrame converts one processor frame to a data.Frame with the same name, fields (names, types as
// nullable Go types, config, labels), values and meta. Time values are epoch milliseconds.
func ToFrame(raw json.RawMessage) (*data.Frame, error) {
	var fj frameJSON
	if err := json.Unmarshal(raw, &fj); err != nil {
		return nil, fmt.Errorf("a frame is not valid JSON: %w", err)
	}
	frame := data.NewFrame(fj.Schema.Name)
	frame.RefID = fj.Schema.RefID
	if meta := bytes.TrimSpace(fj.Schema.Meta); len(meta) > 0 && !bytes.Equal(meta, []byte("{}")) && !bytes.Equal(meta, []byte("null")) {
		frame.Meta = &data.FrameMeta{}
		if err := json.Unmarshal(meta, frame.Meta); err != nil {
			return nil, fmt.Errorf("frame meta: %w", err)
		}
	}
	for i, f := range fj.Schema.Fields {
		var values []json.RawMessage
		if i < len(fj.Data.Values) {
			values = fj.Data.Values[i]
		}
		field, err := toField(f.Type, values)
		if err != nil {
			return nil, fmt.Errorf("field %q: %w", f.Name, err)
		}
		field.Name = f.Name
		field.Config = f.Config
		if len(f.Labels) > 0 {
			field.Labels = f.Labels
		}
		frame.Fields = append(frame.Fields, field)
	}
	return frame, nil
}

func isNull(v json.RawMessage) bool {
	t := bytes.TrimSpace(v)
	return len(t) == 0 || bytes.Equal(t, []byte("null"))
}

// toField builds one nullable field of Grafana's type: nulls stay nulls.
func toField(fieldType string, values []json.RawMessage) (*data.Field, error) {
	switch fieldType {
	case "time":
		out := make([]*time.Time, len(values))
		for i, v := range values {
			if isNull(v) {
				continue
			}
			var ms float64
			if err := json.Unmarshal(v, &ms); err != nil {
				return nil, fmt.Errorf("value %d is not epoch milliseconds", i)
			}
			whole, frac := math.Modf(ms)
			t := time.UnixMilli(int64(whole)).Add(time.Duration(math.Round(frac * 1e6))).UTC()
			out[i] = &t
		}
		return data.NewField("", nil, out), nil
	case "number":
		out := make([]*float64, len(values))
		for i, v := range values {
			if isNull(v) {
				continue
			}
			var n float64
			if err := json.Unmarshal(v, &n); err != nil {
				return nil, fmt.Errorf("value %d is not a number", i)
			}
			out[i] = &n
		}
		return data.NewField("", nil, out), nil
	case "boolean":
		out := make([]*bool, len(values))
		for i, v := range values {
			if isNull(v) {
				continue
			}
			var b bool
			if err := json.Unmarshal(v, &b); err != nil {
				return nil, fmt.Errorf("value %d is not a boolean", i)
			}
			out[i] = &b
		}
		return data.NewField("", nil, out), nil
	case "string":
		out := make([]*string, len(values))
		for i, v := range values {
			if isNull(v) {
				continue
			}
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				// A number or object in a string field: its JSON text, as the frontend would show it.
				s = string(bytes.TrimSpace(v))
			}
			out[i] = &s
		}
		return data.NewField("", nil, out), nil
	default: // "other": lists and objects (trends, deltas, links…) as JSON
		out := make([]*json.RawMessage, len(values))
		for i, v := range values {
			if isNull(v) {
				continue
			}
			c := json.RawMessage(append([]byte(nil), bytes.TrimSpace(v)...))
			out[i] = &c
		}
		return data.NewField("", nil, out), nil
	}
}
