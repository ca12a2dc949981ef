// A two-environment catalog (dev auto-synced, prod with two approvals) and one application, for unit
// tests of code that reads the catalog; parsed by the real parser, so it is valid by construction.
import { parseCatalog } from "@/lib/catalog";

export const devProdCatalog = parseCatalog(`
environments:
  - { name: dev, displayName: Dev, namespace: nura-dev, eksCluster: nura-dev, awsRegion: eu-west-1, approvalsRequired: 0, autoSync: true, grafanaDashboardUid: d }
  - { name: prod, displayName: Prod, namespace: nura-prod, eksCluster: nura-prod, awsRegion: eu-west-1, approvalsRequired: 2, autoSync: false, grafanaDashboardUid: d }
promotionPath: [dev, prod]
applications:
  - name: core
    chartPath: helm/core
    valuesFiles: { dev: helm/core/values-dev.yaml, prod: helm/core/values-prod.yaml }
    imageTagPath: image.tag
    argocdApps: { dev: core-dev, prod: core-prod }
`);
