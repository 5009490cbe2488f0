package plugin

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"time"
)

// The processor's bounds (docs/openapi.json), as the frontend clamps them (query/request.ts).
const (
	minIntervalMs   = 1000
	maxIntervalMs   = 31 * 86400_000
	minDataPoints   = 1
	maxDataPoints   = 11_000
	maxGroupBy      = 3
	defaultType     = "web_vitals" // query/migrate.ts DEFAULT_TYPE
	noProjectReason = "Choose a project for this query, or set a default project in the data source settings."
)

// QueryInput is one Grafana query as the backend receives it: the saved model (PulseTraceQuery)
// and the request's context.
type QueryInput struct {
	RefID          string
	Model          json.RawMessage
	From, To       time.Time
	Interval       time.Duration
	MaxDataPoints  int64
	DefaultProject string
}

// BuildQueryBody turns a saved query model into the body of POST /api/v1/query with the field
// names of the frontend's buildQueryBody (query/request.ts): refId, type, project, from, to (epoch
// ms), intervalMs, maxDataPoints, filters, exclude, groupBy, includeBots, limit, then the type's
// own options. Grafana's own fields (datasource, hide, intervalMs, maxDataPoints of the model…)
// are not sent: the processor's schemas are strict. Template variables are not expanded here
// (alert rules have none); "All" values mean no filter, as in the frontend. Pure.
func BuildQueryBody(in QueryInput) (map[string]any, string) {
	model := map[string]any{}
	if len(bytes.TrimSpace(in.Model)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(in.Model))
		dec.UseNumber() // limits and offsets stay exact integers
		if err := dec.Decode(&model); err != nil || model == nil {
			return nil, "The saved query is not a JSON object: open it in the query editor and save it again."
		}
	}
	queryType, _ := model["type"].(string)
	if queryType == "" {
		queryType = defaultType
	}
	project := strings.TrimSpace(asString(model["project"]))
	if project == "" {
		project = in.DefaultProject
	}
	if project == "" {
		return nil, noProjectReason
	}
	body := map[string]any{
		"refId":   in.RefID,
		"type":    queryType,
		"project": project,
		"from":    in.From.UnixMilli(),
		"to":      in.To.UnixMilli(),
	}
	if in.Interval > 0 {
		body["intervalMs"] = clamp(float64(in.Interval.Milliseconds()), minIntervalMs, maxIntervalMs)
	}
	if in.MaxDataPoints > 0 {
		body["maxDataPoints"] = clamp(float64(in.MaxDataPoints), minDataPoints, maxDataPoints)
	}
	for _, key := range []string{"filters", "exclude"} {
		if f := resolveFilters(model[key]); len(f) > 0 {
			body[key] = f
		}
	}
	if g := distinct(asStringList(model["groupBy"])); len(g) > 0 {
		body["groupBy"] = g[:min(len(g), maxGroupBy)]
	}
	if b, ok := model["includeBots"].(bool); ok && b {
		body["includeBots"] = true
	}
	if limit, ok := model["limit"]; ok && limit != nil {
		body["limit"] = limit
	}
	for key, kind := range typeOptions[queryType] {
		if v, ok := resolveOption(kind, model[key]); ok {
			body[key] = v
		}
	}
	return body, ""
}

func clamp(n, lo, hi float64) int64 {
	return int64(math.Min(hi, math.Max(lo, math.Round(n))))
}

func resolveOption(kind optionKind, raw any) (any, bool) {
	if raw == nil {
		return nil, false
	}
	switch kind {
	case optOne:
		s := strings.TrimSpace(asString(raw))
		return s, s != ""
	case optList:
		values := distinct(asStringList(raw))
		return values, len(values) > 0 && !meansAll(values)
	default:
		return raw, true
	}
}

// resolveFilters keeps the keys with values, dropping empty values and keys whose values mean "All".
func resolveFilters(raw any) map[string][]string {
	m, ok := raw.(map[string]any)
	if !ok {
		return nil
	}
	out := map[string][]string{}
	for key, v := range m {
		values := distinct(asStringList(v))
		if len(values) > 0 && !meansAll(values) {
			out[key] = values
		}
	}
	return out
}

// meansAll: `*` (the custom "All" value the README recommends) and Grafana's `$__all`.
func meansAll(values []string) bool {
	for _, v := range values {
		if v == "*" || v == "$__all" {
			return true
		}
	}
	return false
}

func asString(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case json.Number:
		return t.String()
	case bool:
		if t {
			return "true"
		}
		return "false"
	}
	return ""
}

// asStringList reads a list (or one value) of strings, trimmed, empty ones left out.
func asStringList(v any) []string {
	items, ok := v.([]any)
	if !ok {
		items = []any{v}
	}
	var out []string
	for _, item := range items {
		if s := strings.TrimSpace(asString(item)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func distinct(values []string) []string {
	seen := map[string]bool{}
	out := values[:0:0]
	for _, v := range values {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
