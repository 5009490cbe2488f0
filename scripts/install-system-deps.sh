#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real. Today: the Go toolchain that
# builds otelcol-pulsetrace and telemetrygen. Browser and Alertmanager tests add theirs here.
# Skips what is already there; needs root (as on CI and dev machines here).
set -euo pipefail
need=()
command -v go >/dev/null || need+=(golang-go)
if [ ${#need[@]} -eq 0 ]; then echo "system packages: all present"; exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing system packages: ${need[*]}. Install them with: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "installing system packages: ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
