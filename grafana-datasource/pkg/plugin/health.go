package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/httpclient"
)

// NewWithOptions makes a data source from parsed settings and the SDK's HTTP client options
// (the data source's timeouts, TLS and proxy settings).
func NewWithOptions(settings Settings, opts httpclient.Options) (*Datasource, error) {
	client, err := httpclient.New(opts)
	if err != nil {
		return nil, fmt.Errorf("http client: %w", err)
	}
	return &Datasource{settings: settings, client: &processorClient{http: client, url: settings.URL}}, nil
}

// whoami is GET /api/v1/whoami's answer (collector-processor/src/http/token-routes.ts).
type whoami struct {
	Scope           string   `json:"scope"`
	Projects        any      `json:"projects"` // "*" or a list of ids
	VisibleProjects []string `json:"visibleProjects"`
}

// probe is one token's whoami: OK with its answer, or the failed exchange.
type probe struct {
	OK     bool
	Whoami whoami
	Failed answer
}

// HealthInput is what "Save & test" found (health/health.ts HealthInput).
type HealthInput struct {
	URL            string
	DefaultProject string
	ProjectNames   []string
	Read           probe
	Write, Admin   *probe
}

// Health statuses as the frontend ranks them; Grafana's backend has no warning, so a warning is
// reported OK with its sentence (and "warning" in the details).
const (
	statusSuccess = iota
	statusWarning
	statusError
)

type report struct {
	status    int
	sentences []string
}

func (r *report) add(status int, text string) {
	r.status = max(r.status, status)
	r.sentences = append(r.sentences, text)
}

func (r *report) result() *backend.CheckHealthResult {
	details, _ := json.Marshal(map[string]string{"status": [...]string{"success", "warning", "error"}[r.status]})
	status := backend.HealthStatusOk
	if r.status == statusError {
		status = backend.HealthStatusError
	}
	return &backend.CheckHealthResult{Status: status, Message: strings.Join(r.sentences, " "), JSONDetails: details}
}

func listOf(ids []string) string {
	if len(ids) <= 10 {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ids[:10], ", "), len(ids)-10)
}

func projectsSentence(w whoami) string {
	v := w.VisibleProjects
	shown := ""
	if len(v) > 0 {
		shown = ": " + listOf(v)
	}
	if w.Projects == "*" {
		return fmt.Sprintf("every project (%d now%s)", len(v), shown)
	}
	plural := "s"
	if len(v) == 1 {
		plural = ""
	}
	return fmt.Sprintf("%d project%s%s", len(v), plural, shown)
}

func readFailure(r *report, url string, a answer) {
	switch a.classify() {
	case kindUnreachable:
		r.add(statusError, fmt.Sprintf("Grafana could not reach the PulseTrace processor at %s. Check the URL and that the processor runs; the address must work from Grafana's server, not only from your browser.", url))
	case kindToken:
		r.add(statusError, "The processor rejected the read token (401): it is wrong, revoked or expired. Paste a valid read token and save again.")
	case kindScope:
		d := a.detail()
		if d == "" {
			d = "no reason given"
		}
		r.add(statusError, sentence("The processor refused the read token (403): "+d))
	case kindNotFound:
		r.add(statusError, fmt.Sprintf("The server at %s answered 404 for /api/v1/whoami: it is not a PulseTrace processor, or one too old for this plugin.", url))
	default:
		r.add(statusError, describeFailure(a, "read"))
	}
}

var roleUsers = map[string]string{"read": "Viewer", "write": "Editor", "admin": "Admin"}

// checkRoleToken: a write or admin token must have exactly its role's scope.
func checkRoleToken(r *report, role string, p probe) {
	users := "Grafana " + roleUsers[role] + "s"
	if !p.OK {
		if p.Failed.classify() == kindToken {
			r.add(statusError, fmt.Sprintf("The processor rejected the %s token (401): it is wrong, revoked or expired.", role))
		} else {
			r.add(statusError, fmt.Sprintf("The %s token could not be checked. %s", role, describeFailure(p.Failed, role)))
		}
		return
	}
	switch scope := p.Whoami.Scope; {
	case scope == role:
		r.add(statusSuccess, fmt.Sprintf("The %s token has %s scope, for %s.", role, role, users))
	case scope == "admin":
		r.add(statusWarning, fmt.Sprintf("The write token has admin scope: %s would get admin access through this data source. Use a write-scoped token.", users))
	default:
		r.add(statusError, fmt.Sprintf("The %s token only has %s scope, so %s could not do what needs %s access. Use a %s-scoped token.", role, scope, users, role, role))
	}
}

// DescribeHealth is health/health.ts describeHealth(): the same checks in the same sentences.
func DescribeHealth(in HealthInput) *backend.CheckHealthResult {
	r := &report{}
	if !in.Read.OK {
		readFailure(r, in.URL, in.Read.Failed)
		return r.result()
	}
	who := in.Read.Whoami
	r.add(statusSuccess, fmt.Sprintf("Connected to PulseTrace at %s.", in.URL))
	if who.Scope == "read" {
		r.add(statusSuccess, fmt.Sprintf("The read token has read scope and reaches %s.", projectsSentence(who)))
	} else {
		r.add(statusWarning, fmt.Sprintf("The read token has %s scope and reaches %s, so Grafana Viewers would get more than read access: use a read-scoped token as the read token.", who.Scope, projectsSentence(who)))
	}
	if len(who.VisibleProjects) == 0 {
		r.add(statusWarning, "The read token reaches no project yet: create a project, or grant this token one.")
	} else if in.DefaultProject != "" && !slices.Contains(who.VisibleProjects, in.DefaultProject) {
		named := 0
		for _, n := range in.ProjectNames {
			if n == in.DefaultProject {
				named++
			}
		}
		if named == 0 {
			r.add(statusWarning, fmt.Sprintf("The default project %q is not one the read token reaches.", in.DefaultProject))
		} else if named > 1 {
			r.add(statusWarning, fmt.Sprintf("The default project %q is the name of %d projects: set one's id instead.", in.DefaultProject, named))
		}
	}
	if in.Write != nil {
		checkRoleToken(r, "write", *in.Write)
	}
	if in.Admin != nil {
		checkRoleToken(r, "admin", *in.Admin)
	}
	return r.result()
}

func (d *Datasource) probe(ctx context.Context, role string) probe {
	a := d.client.call(ctx, http.MethodGet, "/whoami", d.settings.Tokens[role], nil)
	var w whoami
	if a.Err == nil && a.Status == http.StatusOK && json.Unmarshal(a.Body, &w) == nil {
		return probe{OK: true, Whoami: w}
	}
	if a.Err == nil && a.Status == http.StatusOK {
		a.Status = http.StatusBadGateway // 200 without a whoami: not a PulseTrace processor
	}
	return probe{Failed: a}
}

// CheckHealth does what the frontend's "Save & test" does (health/health.ts checkHealth): whoami
// with the read token, then with the write and admin tokens when they are set, and the project
// names when the default project is not one of the read token's ids.
func (d *Datasource) CheckHealth(ctx context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	if d.settings.URL == "" {
		return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: noURL}, nil
	}
	if d.settings.Tokens["read"] == "" {
		return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: noReadToken}, nil
	}
	in := HealthInput{URL: d.settings.URL, DefaultProject: d.settings.DefaultProject, Read: d.probe(ctx, "read")}
	if in.Read.OK {
		for role, slot := range map[string]**probe{"write": &in.Write, "admin": &in.Admin} {
			if d.settings.Tokens[role] != "" {
				p := d.probe(ctx, role)
				*slot = &p
			}
		}
		if in.DefaultProject != "" && !slices.Contains(in.Read.Whoami.VisibleProjects, in.DefaultProject) {
			in.ProjectNames = d.projectNames(ctx)
		}
	}
	if !in.Read.OK {
		backend.Logger.FromContext(ctx).Warn("PulseTrace health check failed", "status", in.Read.Failed.Status, "error", in.Read.Failed.Err)
	}
	return DescribeHealth(in), nil
}

func (d *Datasource) projectNames(ctx context.Context) []string {
	a := d.client.call(ctx, http.MethodGet, "/projects", d.settings.Tokens["read"], nil)
	var body struct {
		Projects []struct {
			Name string `json:"name"`
		} `json:"projects"`
	}
	if a.Err != nil || a.Status != http.StatusOK || json.Unmarshal(a.Body, &body) != nil {
		return nil
	}
	var names []string
	for _, p := range body.Projects {
		if p.Name != "" {
			names = append(names, p.Name)
		}
	}
	return names
}
