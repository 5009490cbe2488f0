package plugin

// The real processor the backend's tests run against: scripts/start-test-processor.ts at the
// repository root (embedded ClickHouse in a temporary data dir, a free loopback port, data sent
// through the OTLP ingest), started once, stopped when the tests end. Needs Node and the
// repository's npm install.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

type testProcessor struct {
	URL       string            `json:"url"`
	Project   string            `json:"project"`
	Tokens    map[string]string `json:"tokens"`
	IssueID   string            `json:"issueId"`
	SessionID string            `json:"sessionId"`
	Releases  []string          `json:"releases"`
	Now       int64             `json:"now"`
	cmd       *exec.Cmd
}

var (
	processorOnce sync.Once
	processor     *testProcessor
	processorErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if processor != nil && processor.cmd.Process != nil {
		_ = processor.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = processor.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			_ = processor.cmd.Process.Kill()
		}
	}
	os.Exit(code)
}

// startProcessor starts the shared processor once; it is stopped when the tests end (TestMain).
func startProcessor(t *testing.T) *testProcessor {
	t.Helper()
	processorOnce.Do(func() {
		_, file, _, _ := runtime.Caller(0)
		root := filepath.Join(filepath.Dir(file), "..", "..", "..")
		cmd := exec.Command("node", "--import", "tsx", "scripts/start-test-processor.ts")
		cmd.Dir = root
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			processorErr = err
			return
		}
		if err := cmd.Start(); err != nil {
			processorErr = fmt.Errorf("start the test processor (node must be on PATH): %w", err)
			return
		}
		processor = &testProcessor{cmd: cmd}
		line := make(chan string, 1)
		go func() {
			s := bufio.NewScanner(out)
			s.Buffer(make([]byte, 1<<20), 1<<20)
			if s.Scan() {
				line <- s.Text()
			}
			close(line)
		}()
		select {
		case l, ok := <-line:
			if !ok {
				processorErr = fmt.Errorf("the test processor exited before it was ready")
			} else {
				processorErr = json.Unmarshal([]byte(l), processor)
			}
		case <-time.After(3 * time.Minute):
			processorErr = fmt.Errorf("the test processor was not ready within 3 minutes")
		}
	})
	if processorErr != nil {
		t.Fatal(processorErr)
	}
	return processor
}

func newDatasource(t *testing.T, url string, jsonData map[string]any, secure map[string]string) *Datasource {
	t.Helper()
	if url != "" {
		jsonData["url"] = url
	}
	raw, _ := json.Marshal(jsonData)
	inst, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{
		UID: "pulsetrace", Type: "pulsetrace-rum-datasource", JSONData: raw, DecryptedSecureJSONData: secure,
	})
	if err != nil {
		t.Fatal(err)
	}
	ds := inst.(*Datasource)
	t.Cleanup(ds.Dispose)
	return ds
}

// registered reads the query types and each type's properties from the processor's OpenAPI document.
func registered(t *testing.T, url string) map[string][]string {
	t.Helper()
	res, err := http.Get(url + "/api/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var doc struct {
		Components struct {
			Schemas struct {
				Query struct {
					OneOf []struct {
						Properties map[string]struct {
							Const string `json:"const"`
						} `json:"properties"`
					} `json:"oneOf"`
				} `json:"Query"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.NewDecoder(res.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, s := range doc.Components.Schemas.Query.OneOf {
		var props []string
		for k := range s.Properties {
			props = append(props, k)
		}
		out[s.Properties["type"].Const] = props
	}
	if len(out) == 0 {
		t.Fatal("the OpenAPI document lists no query types")
	}
	return out
}
func postQuery(t *testing.T, p *testProcessor, body map[string]any) []json.RawMessage {
	t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, p.URL+"/api/v1/query", bytes.NewReader(raw))
	req.Header.Set("Authorization", "Bearer "+p.Tokens["read"])
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var answer queryResponseJSON
	if err := json.NewDecoder(res.Body).Decode(&answer); err != nil {
		t.Fatal(err)
	}
	refID := body["refId"].(string)
	result := answer.Results[refID]
	if res.StatusCode != 200 || result.Status != 200 {
		t.Fatalf("%s: the processor answered %d / %d: %s", refID, res.StatusCode, result.Status, result.Error)
	}
	return result.Frames
}
