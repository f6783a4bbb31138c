{{/*
The operator's permissions, each verb used by the reconciler and nothing more (no wildcards).
Rendered into one ClusterRole (cluster-wide) or one Role per watched namespace.
*/}}
{{- define "fovea.operatorRules" -}}
# ImageClassificationJobs: watched; deleted once finished past ttlSecondsAfterFinished; status written (PUT).
- apiGroups: ["fovea.dev"]
  resources: ["imageclassificationjobs"]
  verbs: ["get", "list", "watch", "delete"]
- apiGroups: ["fovea.dev"]
  resources: ["imageclassificationjobs/status"]
  verbs: ["update"]
# Owner references that block the owner's deletion need this where OwnerReferencesPermissionEnforcement is on.
- apiGroups: ["fovea.dev"]
  resources: ["imageclassificationjobs/finalizers"]
  verbs: ["update"]
# The dependents: created, updated (server-side apply) and deleted; watched through a label selector.
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["configmaps", "services"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# The exchange token Secret is created once and never changed.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "delete"]
# Trainer pods: watched, labelled with their host index, removed together on a gang restart or suspension.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch", "patch", "deletecollection"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
# ImageClassificationEndpoints: watched, status written (PUT); owner references block their deletion.
- apiGroups: ["fovea.dev"]
  resources: ["imageclassificationendpoints"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["fovea.dev"]
  resources: ["imageclassificationendpoints/status", "imageclassificationendpoints/finalizers"]
  verbs: ["update"]
# The endpoints' serving objects (the Services are granted above): created, updated and deleted; watched through a
# label selector.
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["autoscaling"]
  resources: ["horizontalpodautoscalers"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
{{- if .Values.rbac.volcanoPodGroups }}
- apiGroups: ["scheduling.volcano.sh"]
  resources: ["podgroups"]
  verbs: ["get", "create", "update"]
{{- end }}
{{- end -}}
