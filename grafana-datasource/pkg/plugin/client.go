package plugin

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// maxAnswerBytes bounds what is read of one answer (a 20-query batch of tables stays far below).
const maxAnswerBytes = 256 << 20

// processorClient calls the processor's API with one of the data source's tokens, as Grafana's
// data proxy routes do for the frontend. The token goes in the Authorization header of each
// request only: never in the client's options, errors or logs.
type processorClient struct {
	http *http.Client
	url  string
}

// answer is one HTTP exchange: Status 0 and Err set when the processor could not be reached.
type answer struct {
	Status int
	Body   []byte
	Err    error
}

func (c *processorClient) call(ctx context.Context, method, path, token string, payload any) answer {
	var body io.Reader
	if payload != nil {
		raw, err := json.Marshal(payload)
		if err != nil {
			return answer{Err: fmt.Errorf("encode the request: %w", err)}
		}
		body = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.url+"/api/v1"+path, body)
	if err != nil {
		return answer{Err: fmt.Errorf("the data source's URL is not valid: %w", err)}
	}
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := c.http.Do(req)
	if err != nil {
		return answer{Err: err}
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, maxAnswerBytes))
	if err != nil {
		return answer{Status: res.StatusCode, Err: fmt.Errorf("read the answer: %w", err)}
	}
	return answer{Status: res.StatusCode, Body: raw}
}

// detail is the processor's own words: `{error}` (the processor) or `{message}`, else the text.
func (a answer) detail() string {
	var obj map[string]any
	if json.Unmarshal(a.Body, &obj) == nil {
		for _, key := range []string{"error", "message"} {
			if s, ok := obj[key].(string); ok && strings.TrimSpace(s) != "" {
				return strings.TrimSpace(s)
			}
		}
		return ""
	}
	if a.Err != nil {
		return a.Err.Error()
	}
	return strings.TrimSpace(string(a.Body))
}

type failureKind int

const (
	kindUnreachable failureKind = iota
	kindToken
	kindScope
	kindNotFound
	kindInvalid
	kindServer
	kindUnknown
)

// classify mirrors the frontend's api/failure.ts classify(), for answers that come straight from
// the processor (no data proxy in between: a 401 is the processor's, a 403 is the token's scope).
func (a answer) classify() failureKind {
	switch {
	case a.Status == 0 || a.Status == 502 || a.Status == 503 || a.Status == 504:
		return kindUnreachable
	case a.Status == 401:
		return kindToken
	case a.Status == 403:
		return kindScope
	case a.Status == 404:
		return kindNotFound
	case a.Status == 400 || a.Status == 422:
		return kindInvalid
	case a.Status >= 500:
		return kindServer
	}
	return kindUnknown
}

// sentence capitalises and ends text with a full stop (api/failure.ts sentence()).
func sentence(text string) string {
	t := strings.TrimSpace(text)
	if t == "" {
		return t
	}
	t = strings.ToUpper(t[:1]) + t[1:]
	if strings.HasSuffix(t, ".") || strings.HasSuffix(t, "!") || strings.HasSuffix(t, "?") {
		return t
	}
	return t + "."
}

const unreachableQuery = "Grafana could not reach the PulseTrace processor. Check that it is running and that the data source's URL is right (it is the address Grafana's server uses)."

// describeFailure is api/failure.ts describeFailure(): what went wrong, the token named by its role.
func describeFailure(a answer, role string) string {
	d := a.detail()
	with := func(prefix string) string {
		if d == "" {
			return prefix
		}
		return prefix + ": " + d
	}
	switch a.classify() {
	case kindUnreachable:
		return unreachableQuery
	case kindToken:
		return fmt.Sprintf("The processor rejected the data source's %s token: it is wrong, revoked or expired. An admin can set a valid one in the data source settings.", role)
	case kindScope:
		return sentence(with(fmt.Sprintf("The %s token is not allowed to do this", role)))
	case kindNotFound:
		if strings.Contains(strings.ToLower(d), "project") {
			return sentence(fmt.Sprintf("%s: check the project id, and that the %s token was granted this project", d, role))
		}
		if d != "" {
			return sentence(fmt.Sprintf("The processor does not know this address (%s): it may be older than this plugin", d))
		}
		return "The processor does not know this address: it may be older than this plugin."
	case kindInvalid:
		if d == "" {
			d = "it was not valid"
		}
		return sentence("The processor could not run the query: " + d)
	case kindServer:
		return sentence(with("The processor failed to answer"))
	}
	if d == "" {
		return "The request to the PulseTrace processor failed."
	}
	return sentence(d)
}
