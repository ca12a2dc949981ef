// Wire format of the Jenkins remote-access API (jenkinsci/jenkins @Exported beans, the Pipeline
// Stage View plugin's wfapi). Only the fields the portal reads; unknown fields pass through.
import { z } from "zod";

export const crumbSchema = z.object({ crumb: z.string().min(1), crumbRequestField: z.string().min(1) });

const executableSchema = z.object({ number: z.number().int().positive(), url: z.string().optional() });

/** Queue$WaitingItem | BlockedItem | BuildableItem | LeftItem. */
export const queueItemSchema = z.object({
  _class: z.string().optional(),
  id: z.number().int(),
  blocked: z.boolean().optional(),
  buildable: z.boolean().optional(),
  why: z.string().nullish(),
  cancelled: z.boolean().optional(),
  executable: executableSchema.nullish(),
});
export type QueueItemWire = z.infer<typeof queueItemSchema>;

export const artifactSchema = z.object({ fileName: z.string(), relativePath: z.string() });

export const buildSchema = z.object({
  number: z.number().int(),
  url: z.string(),
  building: z.boolean(),
  result: z.string().nullable(),
  timestamp: z.number(),
  duration: z.number(),
  estimatedDuration: z.number().optional(),
  artifacts: z.array(artifactSchema).default([]),
});
export type BuildWire = z.infer<typeof buildSchema>;

export const stageSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  startTimeMillis: z.number().optional(),
  durationMillis: z.number().optional(),
  error: z.object({ message: z.string().optional(), type: z.string().optional() }).optional(),
});
export const runDescriptionSchema = z.object({
  id: z.string(),
  status: z.string(),
  stages: z.array(stageSchema).default([]),
});
export type RunDescriptionWire = z.infer<typeof runDescriptionSchema>;
