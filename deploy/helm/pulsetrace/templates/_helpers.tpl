{{/* Object name prefix: <release>-pulsetrace, or the release name when it already says pulsetrace. */}}
{{- define "pulsetrace.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "pulsetrace.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Selector labels of one component; call with (dict "ctx" $ "component" "processor"). */}}
{{- define "pulsetrace.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pulsetrace.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "pulsetrace.labels" -}}
{{ include "pulsetrace.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "pulsetrace.secretName" -}}
{{- .Values.auth.existingSecret | default (printf "%s-secrets" (include "pulsetrace.fullname" .)) -}}
{{- end -}}

{{/* True when the chart runs its own single-node ClickHouse (no external URL given). */}}
{{- define "pulsetrace.bundledClickhouse" -}}
{{- if and .Values.clickhouse.bundled.enabled (not .Values.clickhouse.url) -}}true{{- end -}}
{{- end -}}

{{- define "pulsetrace.clickhouseUrl" -}}
{{- if .Values.clickhouse.url -}}
{{- .Values.clickhouse.url -}}
{{- else -}}
{{- printf "http://%s-clickhouse:8123" (include "pulsetrace.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/* True when more than one processor can run at once: replicas > 1 or an HPA. */}}
{{- define "pulsetrace.multiReplica" -}}
{{- if or (gt (int .Values.processor.replicas) 1) .Values.processor.autoscaling.enabled -}}true{{- end -}}
{{- end -}}

{{/* The collector balances over processor pods (via their gRPC bridge sidecar) instead of the Service. */}}
{{- define "pulsetrace.loadbalancing" -}}
{{- if and .Values.collector.enabled (or .Values.collector.loadbalancing.enabled (include "pulsetrace.multiReplica" .)) -}}true{{- end -}}
{{- end -}}

{{/*
Value combinations the schema cannot express. Each message says what to change.
*/}}
{{- define "pulsetrace.validate" -}}
{{- if and (include "pulsetrace.multiReplica" .) (not .Values.clickhouse.url) -}}
{{- fail "processor.replicas > 1 (or processor.autoscaling.enabled) needs an external ClickHouse: set clickhouse.url to a ClickHouse server, cluster or ClickHouse Cloud URL (replicas share their state through it; the bundled single-node ClickHouse is for trials with one replica). See docs/scaling.md." -}}
{{- end -}}
{{- if and (not .Values.clickhouse.url) (not .Values.clickhouse.bundled.enabled) -}}
{{- fail "no ClickHouse: set clickhouse.url to your ClickHouse (or ClickHouse Cloud) URL, or clickhouse.bundled.enabled=true for a single-node trial." -}}
{{- end -}}
{{- if and (eq .Values.processor.sourcemapStore "fs") (include "pulsetrace.multiReplica" .) -}}
{{- fail "processor.sourcemapStore=fs keeps source maps on one pod's disk; with several replicas use processor.sourcemapStore=clickhouse." -}}
{{- end -}}
{{- if and .Values.clickhouse.cluster (not .Values.clickhouse.url) -}}
{{- fail "clickhouse.cluster needs clickhouse.url: the bundled ClickHouse is a single node without remote_servers." -}}
{{- end -}}
{{- if and .Values.processor.autoscaling.enabled (lt (int .Values.processor.autoscaling.maxReplicas) (int .Values.processor.autoscaling.minReplicas)) -}}
{{- fail "processor.autoscaling.maxReplicas must be >= processor.autoscaling.minReplicas." -}}
{{- end -}}
{{- end -}}

{{/*
A Secret value: the value given, else the one already stored in the cluster (so a generated value
survives upgrades), else a random one. Call with (dict "ctx" $ "key" "admin-token" "value" "...").
*/}}
{{- define "pulsetrace.secretValue" -}}
{{- $existing := lookup "v1" "Secret" .ctx.Release.Namespace (include "pulsetrace.secretName" .ctx) -}}
{{- if .value -}}
{{- .value | b64enc -}}
{{- else if and $existing (index ($existing.data | default dict) .key) -}}
{{- index $existing.data .key -}}
{{- else -}}
{{- randAlphaNum 40 | b64enc -}}
{{- end -}}
{{- end -}}
