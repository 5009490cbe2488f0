package plugin

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// Settings are what the config page saves (ConfigEditor.tsx, types.ts PulseTraceOptions and
// PulseTraceSecureJsonData): the processor's URL and default project in jsonData, one token per
// proxy route (read / write / admin) in secureJsonData. Queries always use the read token, as the
// frontend's data proxy route `read` does.
type Settings struct {
	URL            string
	DefaultProject string
	// Tokens by route role; only the configured (non-empty) ones are present.
	Tokens map[string]string
}

// TokenKeys are secureJsonData's keys, by the route role they serve (plugin.json routes).
var TokenKeys = map[string]string{"read": "readToken", "write": "writeToken", "admin": "adminToken"}

type jsonData struct {
	URL            string `json:"url"`
	DefaultProject string `json:"defaultProject"`
}

// LoadSettings reads the instance settings; a malformed jsonData is an error Grafana shows.
func LoadSettings(s backend.DataSourceInstanceSettings) (Settings, error) {
	var jd jsonData
	if len(s.JSONData) > 0 {
		if err := json.Unmarshal(s.JSONData, &jd); err != nil {
			return Settings{}, fmt.Errorf("the data source settings are not valid JSON: %w", err)
		}
	}
	out := Settings{
		URL:            strings.TrimRight(strings.TrimSpace(jd.URL), "/"),
		DefaultProject: strings.TrimSpace(jd.DefaultProject),
		Tokens:         map[string]string{},
	}
	for role, key := range TokenKeys {
		if token := strings.TrimSpace(s.DecryptedSecureJSONData[key]); token != "" {
			out.Tokens[role] = token
		}
	}
	return out, nil
}
