// An Argo CD application status for unit tests: idle, synced and healthy, with no operation and
// no history; a test spells out only what it is about.
import type { AppStatus } from "@/lib/integrations/argocd/api";

export const appStatus = (over: Partial<AppStatus> = {}): AppStatus => ({
  name: "core-prod",
  project: "nura",
  application: "core",
  environment: "prod",
  syncStatus: "Synced",
  revision: "abc",
  health: "Healthy",
  healthMessage: null,
  images: [],
  imageTag: null,
  autoSync: false,
  lastDeploy: null,
  operation: null,
  history: [],
  reconciledAt: null,
  ...over,
});
