// Package plugin is the PulseTrace data source's backend: Grafana alerting, recorded queries,
// public dashboards and server-side expressions run queries here. Each query's model goes to the
// processor's POST /api/v1/query with the read token, and its frames come back as data.Frames.
// Dashboards keep using the frontend (src/datasource.ts), which calls the same API.
package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// MaxQueriesPerRequest is the processor's batch bound (query/registry.ts), as query/run.ts batches.
const MaxQueriesPerRequest = 20

const (
	noURL       = "Set the URL of the PulseTrace processor, for example http://pulsetrace-processor:4318."
	noReadToken = "Add a read token: every query uses it."
)

var (
	_ backend.QueryDataHandler      = (*Datasource)(nil)
	_ backend.CheckHealthHandler    = (*Datasource)(nil)
	_ instancemgmt.InstanceDisposer = (*Datasource)(nil)
)

// Datasource is one configured PulseTrace data source.
type Datasource struct {
	settings Settings
	client   *processorClient
}

// NewDatasource is called by Grafana for each data source instance (and again when its settings change).
func NewDatasource(ctx context.Context, s backend.DataSourceInstanceSettings) (instancemgmt.Instance, error) {
	settings, err := LoadSettings(s)
	if err != nil {
		return nil, err
	}
	opts, err := s.HTTPClientOptions(ctx)
	if err != nil {
		return nil, fmt.Errorf("http client options: %w", err)
	}
	return NewWithOptions(settings, opts)
}

// Dispose closes idle connections when Grafana replaces the instance.
func (d *Datasource) Dispose() {
	d.client.http.CloseIdleConnections()
}

// QueryData runs every query of the request: at most 20 to a call, the calls side by side.
func (d *Datasource) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	out := backend.NewQueryDataResponse()
	token := d.settings.Tokens["read"]
	var bodies []map[string]any
	alertFields := map[string]string{}
	for _, q := range req.Queries {
		alertFields[q.RefID] = alertFieldOf(q.JSON)
		switch {
		case d.settings.URL == "":
			out.Responses[q.RefID] = backend.ErrDataResponse(backend.StatusBadRequest, noURL)
		case token == "":
			out.Responses[q.RefID] = backend.ErrDataResponse(backend.StatusBadRequest, noReadToken)
		default:
			body, problem := BuildQueryBody(QueryInput{
				RefID: q.RefID, Model: q.JSON, From: q.TimeRange.From, To: q.TimeRange.To,
				Interval: q.Interval, MaxDataPoints: q.MaxDataPoints, DefaultProject: d.settings.DefaultProject,
			})
			if problem != "" {
				out.Responses[q.RefID] = backend.ErrDataResponse(backend.StatusBadRequest, problem)
			} else {
				bodies = append(bodies, body)
			}
		}
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for start := 0; start < len(bodies); start += MaxQueriesPerRequest {
		batch := bodies[start:min(start+MaxQueriesPerRequest, len(bodies))]
		wg.Go(func() {
			responses := d.runBatch(ctx, token, batch, alertFields)
			mu.Lock()
			defer mu.Unlock()
			for refID, r := range responses {
				out.Responses[refID] = r
			}
		})
	}
	wg.Wait()
	return out, nil
}

func refIDOf(body map[string]any) string {
	s, _ := body["refId"].(string)
	return s
}

// runBatch posts one batch (a single query as itself, more as {queries}) and answers per refId.
func (d *Datasource) runBatch(ctx context.Context, token string, bodies []map[string]any, alertFields map[string]string) map[string]backend.DataResponse {
	var payload any = map[string]any{"queries": bodies}
	if len(bodies) == 1 {
		payload = bodies[0]
	}
	refIDs := make([]string, len(bodies))
	for i, b := range bodies {
		refIDs[i] = refIDOf(b)
	}
	a := d.client.call(ctx, http.MethodPost, "/query", token, payload)
	var parsed queryResponseJSON
	if a.Err == nil && json.Unmarshal(a.Body, &parsed) == nil && parsed.Results != nil {
		// 200, or 500 when every query failed: each query's own answer.
		out := map[string]backend.DataResponse{}
		for _, refID := range refIDs {
			out[refID] = resultResponse(parsed.Results, refID, alertFields[refID])
		}
		return out
	}
	backend.Logger.FromContext(ctx).Warn("PulseTrace query request failed", "status", a.Status, "queries", len(bodies), "error", a.Err)
	return requestFailure(a, refIDs)
}

func resultResponse(results map[string]queryResultJSON, refID, alertField string) backend.DataResponse {
	result, ok := results[refID]
	if !ok {
		return backend.ErrDataResponseWithSource(backend.StatusInternal, backend.ErrorSourceDownstream, "The processor sent no answer for this query.")
	}
	if result.Status < 200 || result.Status >= 300 || result.Frames == nil {
		message := "The query failed."
		if result.Error != "" {
			message = sentence("The query failed: " + result.Error)
		}
		return backend.ErrDataResponseWithSource(backend.Status(result.Status), backend.ErrorSourceDownstream, message)
	}
	frames := make(data.Frames, 0, len(result.Frames))
	for _, raw := range result.Frames {
		frame, err := ToFrame(raw)
		if err != nil {
			return backend.ErrDataResponseWithSource(backend.StatusInternal, backend.ErrorSourceDownstream,
				sentence("The processor's answer could not be read: "+err.Error()))
		}
		frame.RefID = refID
		frames = append(frames, frame)
	}
	frames, err := KeepAlertField(frames, alertField)
	if err != nil {
		return backend.ErrDataResponse(backend.StatusBadRequest, sentence(err.Error()))
	}
	return backend.DataResponse{Frames: frames}
}

var queryIndex = regexp.MustCompile(`^queries\.(\d+)\.?(.*)$`)

// requestFailure is query/response.ts mapRequestFailure(): validation issues naming their query
// (`queries.2.from`) go to that query, anything else to every query of the batch.
func requestFailure(a answer, refIDs []string) map[string]backend.DataResponse {
	out := map[string]backend.DataResponse{}
	var body struct {
		Issues []struct {
			Path    string `json:"path"`
			Message string `json:"message"`
		} `json:"issues"`
	}
	_ = json.Unmarshal(a.Body, &body)
	perQuery := map[string][]string{}
	if a.Status == 400 {
		for _, issue := range body.Issues {
			refID, field := "", issue.Path
			if m := queryIndex.FindStringSubmatch(issue.Path); m != nil {
				if i, _ := strconv.Atoi(m[1]); i < len(refIDs) {
					refID, field = refIDs[i], m[2]
				}
			} else if len(refIDs) == 1 {
				refID = refIDs[0]
			}
			if refID == "" || issue.Message == "" {
				continue
			}
			text := issue.Message
			if field != "" {
				text = field + ": " + issue.Message
			}
			perQuery[refID] = append(perQuery[refID], text)
		}
	}
	status := backend.Status(a.Status)
	if a.Status == 0 {
		status = backend.StatusBadGateway
	}
	for _, refID := range refIDs {
		if messages, ok := perQuery[refID]; ok {
			out[refID] = backend.ErrDataResponseWithSource(status, backend.ErrorSourceDownstream,
				sentence("The processor could not run this query: "+strings.Join(messages, "; ")))
		} else if len(perQuery) > 0 {
			// Another query of the batch was invalid, so the processor ran none of them.
			out[refID] = backend.ErrDataResponseWithSource(status, backend.ErrorSourceDownstream,
				"Not run: another query of this panel is not valid.")
		} else {
			out[refID] = backend.ErrDataResponseWithSource(status, backend.ErrorSourceDownstream, describeFailure(a, "read"))
		}
	}
	return out
}
