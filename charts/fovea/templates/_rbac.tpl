{{/*
The operator's permissions, each verb used by the reconciler and nothing more (no wildcards).
Rendered into one ClusterRole (cluster-wide) or one Role per watched namespace.
*/}}
{{- define "fovea.operatorRules" -}}
- apiGroups: ["fovea.dev"]
  resources: ["imageclassificationjobs"]
  verbs: ["get", "list", "watch", "patch", "update", "delete"]
- apiGroups: ["fovea.dev"]
  resources: ["imageclassificationjobs/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["fovea.dev"]
  resources: ["imageclassificationjobs/finalizers"]
  verbs: ["update"]
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch", "patch", "delete", "deletecollection"]
- apiGroups: [""]
  resources: ["configmaps", "secrets", "services"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["", "events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- if .Values.rbac.volcanoPodGroups }}
- apiGroups: ["scheduling.volcano.sh"]
  resources: ["podgroups"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
{{- end }}
{{- end -}}
