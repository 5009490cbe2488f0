package plugin

// How a query type's option is read from the saved model, as the frontend's request builder does
// (query/request.ts resolveOption with the kinds of query/catalog.ts TYPE_INFO):
// a single value (enum / text, ” means not set), a list (enumList / list, empty or "All" means
// not set) or a plain value (bool, integer, percentiles) sent as saved.
type optionKind int

const (
	optOne optionKind = iota
	optList
	optValue
)

// typeOptions mirrors TYPE_INFO's options in grafana-datasource/src/query/catalog.ts: only the
// current type's options are sent, as the processor's schemas are strict. The Go test checks every
// option here against the processor's OpenAPI document (each type's Query schema).
var typeOptions = map[string]map[string]optionKind{
	"web_vitals":         {"metric": optOne, "percentiles": optValue, "view": optOne, "attribution": optOne},
	"web_analytics":      {"metrics": optList, "view": optOne},
	"web_breakdown":      {"dimension": optOne},
	"errors":             {"view": optOne, "issueIds": optList, "exceptionTypes": optList, "handled": optValue},
	"error_rate":         {"view": optOne, "per": optOne},
	"issues":             {"statuses": optList, "search": optOne, "sort": optOne, "assignee": optOne, "offset": optValue, "trend": optValue},
	"issue_detail":       {"issueId": optOne, "eventId": optOne},
	"releases":           {},
	"release_comparison": {"baseRelease": optOne, "targetRelease": optOne},
	"http":               {"view": optOne, "methods": optList, "urlTemplates": optList},
	"long_tasks":         {"view": optOne},
	"resources":          {"view": optOne, "resourceTypes": optList},
	"sessions":           {"sort": optOne, "visitor": optOne, "hadError": optOne},
	"session_timeline":   {"sessionId": optOne},
	"custom_events":      {"view": optOne, "names": optList, "propertyKey": optOne, "aggregation": optOne},
	"live":               {},
	"insights":           {"view": optOne, "insightId": optOne, "statuses": optList, "kinds": optList, "severities": optList},
	// The processor's alert history (issue #17); no editor in the frontend yet, so this follows
	// the processor's AlertsQuery schema (query/handlers/alerts/alerts-sql.ts).
	"alerts": {"view": optOne, "ruleIds": optList, "states": optList, "severities": optList, "kinds": optList, "excludeSilenced": optValue},
}

// QueryTypes lists the types this plugin version knows (types.ts QUERY_TYPES).
func QueryTypes() []string {
	out := make([]string, 0, len(typeOptions))
	for t := range typeOptions {
		out = append(out, t)
	}
	return out
}

// OptionKeys are the option names of one type (nil for an unknown type).
func OptionKeys(queryType string) []string {
	var out []string
	for k := range typeOptions[queryType] {
		out = append(out, k)
	}
	return out
}
