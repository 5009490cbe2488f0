#!/usr/bin/env bash
# Checks and installs the system tools the test suite drives for real. Today: a Go toolchain
# (>= 1.26, what the OpenTelemetry Collector modules declare) that builds otelcol-pulsetrace and
# telemetrygen. Debian's golang-go is too old for that, so a missing or old Go is an error with
# instructions, not an apt install. Browsers and Alertmanager are installed with apt below.
set -euo pipefail
if ! command -v go >/dev/null; then
  echo "Go is not installed: install Go >= 1.26 from https://go.dev/dl and put it on PATH" >&2
  exit 1
fi
version=$(go env GOVERSION | sed 's/^go//')
major=${version%%.*}; rest=${version#*.}; minor=${rest%%.*}
if [ "$major" -lt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -lt 26 ]; }; then
  echo "Go $version is too old: the OpenTelemetry Collector modules need Go >= 1.26" >&2
  exit 1
fi
echo "system tools: go $version"

# Browsers for the SDK's end-to-end tests (sdk/test/): Debian's chromium and firefox-esr, driven
# through playwright-core and puppeteer-core (npm never downloads a browser). Installed with apt
# when missing (CI runs this as root); the tests fail, never skip, without them.
chromium_bin=${CHROMIUM:-/usr/bin/chromium}
firefox_bin=${FIREFOX:-/usr/bin/firefox-esr}
missing=()
[ -x "$chromium_bin" ] || missing+=(chromium)
[ -x "$firefox_bin" ] || missing+=(firefox-esr)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing browsers: ${missing[*]}: run this script as root, or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  chromium_bin=/usr/bin/chromium
  firefox_bin=/usr/bin/firefox-esr
fi
echo "system tools: $("$chromium_bin" --version 2>/dev/null), $("$firefox_bin" --version 2>/dev/null)"

# Prometheus Alertmanager for the alert delivery end-to-end test
# (collector-processor/test/alerting-notify-alertmanager.test.ts): Debian's package, binary
# /usr/bin/prometheus-alertmanager. Its service is not started (the test runs its own on a free
# port); the test fails, never skips, without it.
if ! command -v prometheus-alertmanager >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing prometheus-alertmanager: run this script as root, or: sudo apt-get install -y prometheus-alertmanager" >&2
    exit 1
  fi
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus-alertmanager
fi
echo "system tools: $(prometheus-alertmanager --version 2>&1 | head -1)"

# Prometheus for the Pipeline health dashboard's test (dashboards/test/pipeline-health.test.ts):
# Debian's package, binary /usr/bin/prometheus, its service not started (the test runs its own
# on a free port with deploy/prometheus/prometheus.yml pointed at a test processor). The same
# package's /usr/bin/promtool checks that file (collector-processor/test/compose-provisioning.test.ts).
if ! command -v prometheus >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing prometheus: run this script as root, or: sudo apt-get install -y prometheus" >&2
    exit 1
  fi
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus
fi
echo "system tools: $(prometheus --version 2>&1 | head -1)"
