import "server-only";
// Registers the promotion jobs with the portal's real adapters (lib/server/jobs/handlers.ts imports it).
import { promotionDeps } from "./deps";
import { registerPromotionJobs } from "./register";

registerPromotionJobs(promotionDeps);
