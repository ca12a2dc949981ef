{{/* Chart name. */}}
{{- define "nura-portal.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-scoped full name: the release name when it already contains the chart name. */}}
{{- define "nura-portal.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "nura-portal.selectorLabels" -}}
app.kubernetes.io/name: {{ include "nura-portal.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "nura-portal.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{ include "nura-portal.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: nura
nura.io/environment: {{ .Values.environment }}
{{- end -}}

{{/* The image reference; a tag is required (values-<env>.yaml pins it). */}}
{{- define "nura-portal.image" -}}
{{- printf "%s:%s" .Values.image.repository (required "image.tag is required" .Values.image.tag) -}}
{{- end -}}

{{/* The pods' security context (the portal's Deployment and the migration Job): UID/GID 10001 of the image. */}}
{{- define "nura-portal.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Restricted pod security: non-root, no privilege escalation, no capabilities, read-only root. */}}
{{- define "nura-portal.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}


{{/* The migration Job logs in as the database owner, the portal as a member of nura_app: two Secrets. */}}
{{- define "nura-portal.checkSecrets" -}}
{{- if eq .Values.migrations.secretName .Values.secrets.existingSecret -}}
{{- fail "migrations.secretName must differ from secrets.existingSecret: the Job connects as the database owner, the portal as a nura_app member" -}}
{{- end -}}
{{- end -}}

{{/*
Several replicas share one state only through PostgreSQL: the job queue (lib/server/jobs, row leases),
the sign-in throttle and the audit chain. An embedded PGlite (no DATABASE_URL, or PGLITE_DIR) or the
sandbox world would give each pod its own.
*/}}
{{- define "nura-portal.checkReplicas" -}}
{{- if gt (int .Values.replicaCount) 1 -}}
{{- range $key := list "PGLITE_DIR" "SANDBOX" -}}
{{- if hasKey $.Values.config $key -}}
{{- fail (printf "replicaCount %d with config.%s: several portal pods need the one PostgreSQL (DATABASE_URL), not an embedded database or the sandbox" (int $.Values.replicaCount) $key) -}}
{{- end -}}
{{- end -}}
{{- if not .Values.podDisruptionBudget.enabled -}}
{{- fail "replicaCount > 1 needs podDisruptionBudget.enabled, so a node drain keeps one portal serving" -}}
{{- end -}}
{{- end -}}
{{- end -}}
