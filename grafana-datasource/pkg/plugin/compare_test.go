package plugin

import (
	"encoding/json"
	"fmt"
	"net"
	"reflect"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// comparable is a frame reduced to what a panel or an alert rule sees: name, meta, and per field
// its name, Grafana type, config, labels and values (times as epoch ms). Built from the processor's
// JSON and from the data.Frame independently, so a conversion error shows as a difference.
type comparableFrame struct {
	Name   string
	Meta   map[string]any
	Fields []comparableField
}

type comparableField struct {
	Name   string
	Type   string
	Config map[string]any
	Labels map[string]string
	Values []any
}

func fromProcessor(raw json.RawMessage) (comparableFrame, error) {
	var f struct {
		Schema struct {
			Name   string         `json:"name"`
			Meta   map[string]any `json:"meta"`
			Fields []struct {
				Name   string            `json:"name"`
				Type   string            `json:"type"`
				Config map[string]any    `json:"config"`
				Labels map[string]string `json:"labels"`
			} `json:"fields"`
		} `json:"schema"`
		Data struct {
			Values [][]any `json:"values"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		return comparableFrame{}, err
	}
	out := comparableFrame{Name: f.Schema.Name, Meta: f.Schema.Meta}
	if len(out.Meta) == 0 {
		out.Meta = nil
	}
	for i, field := range f.Schema.Fields {
		values := []any{}
		if i < len(f.Data.Values) {
			values = append(values, f.Data.Values[i]...)
		}
		out.Fields = append(out.Fields, comparableField{field.Name, field.Type, field.Config, field.Labels, values})
	}
	return out, nil
}

func fromDataFrame(frame *data.Frame) (comparableFrame, error) {
	out := comparableFrame{Name: frame.Name}
	if frame.Meta != nil {
		raw, err := json.Marshal(frame.Meta)
		if err != nil {
			return out, err
		}
		if err := json.Unmarshal(raw, &out.Meta); err != nil {
			return out, err
		}
		// data.FrameMeta always writes typeVersion; [0,0] is "not set".
		if v, ok := out.Meta["typeVersion"].([]any); ok && len(v) == 2 && v[0] == 0.0 && v[1] == 0.0 {
			delete(out.Meta, "typeVersion")
		}
	}
	for _, field := range frame.Fields {
		cf := comparableField{Name: field.Name, Values: []any{}}
		if field.Config != nil {
			raw, _ := json.Marshal(field.Config)
			_ = json.Unmarshal(raw, &cf.Config)
		}
		if len(field.Labels) > 0 {
			cf.Labels = field.Labels
		}
		for i := 0; i < field.Len(); i++ {
			var v any
			switch x := field.At(i).(type) {
			case *time.Time:
				cf.Type = "time"
				if x != nil {
					v = float64(x.UnixMilli()) + float64(x.Nanosecond()%1e6)/1e6
				}
			case *float64:
				cf.Type = "number"
				if x != nil {
					v = *x
				}
			case *string:
				cf.Type = "string"
				if x != nil {
					v = *x
				}
			case *bool:
				cf.Type = "boolean"
				if x != nil {
					v = *x
				}
			case *json.RawMessage:
				cf.Type = "other"
				if x != nil {
					if err := json.Unmarshal(*x, &v); err != nil {
						return out, err
					}
				}
			default:
				return out, fmt.Errorf("field %s holds %T", field.Name, x)
			}
			cf.Values = append(cf.Values, v)
		}
		if cf.Type == "" {
			cf.Type = map[data.FieldType]string{data.FieldTypeNullableTime: "time", data.FieldTypeNullableFloat64: "number",
				data.FieldTypeNullableString: "string", data.FieldTypeNullableBool: "boolean", data.FieldTypeNullableJSON: "other"}[field.Type()]
		}
		out.Fields = append(out.Fields, cf)
	}
	return out, nil
}

// sortRows puts the rows in one order: for answers whose order is not total (live events with
// the same times come in either order), so two runs of the same query compare equal.
func sortRows(f comparableFrame) {
	if len(f.Fields) == 0 {
		return
	}
	rows := make([]int, len(f.Fields[0].Values))
	keys := make([]string, len(rows))
	for i := range rows {
		rows[i] = i
		var row []any
		for _, field := range f.Fields {
			row = append(row, field.Values[i])
		}
		b, _ := json.Marshal(row)
		keys[i] = string(b)
	}
	sort.SliceStable(rows, func(a, b int) bool { return keys[rows[a]] < keys[rows[b]] })
	for fi := range f.Fields {
		values := make([]any, len(rows))
		for i, r := range rows {
			values[i] = f.Fields[fi].Values[r]
		}
		f.Fields[fi].Values = values
	}
}

// compareFrame says how the data.Frame differs from the processor's frame ("" when it does not).
func compareFrame(got *data.Frame, want json.RawMessage, anyOrder bool) string {
	g, err := fromDataFrame(got)
	if err != nil {
		return err.Error()
	}
	w, err := fromProcessor(want)
	if err != nil {
		return err.Error()
	}
	if anyOrder {
		sortRows(g)
		sortRows(w)
	}
	if reflect.DeepEqual(g, w) {
		return ""
	}
	gj, _ := json.Marshal(g)
	wj, _ := json.Marshal(w)
	return fmt.Sprintf("\n got %s\nwant %s", gj, wj)
}

// freeClosedPort is a loopback port nothing listens on (bound, then released).
func freeClosedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	return strconv.Itoa(port)
}
