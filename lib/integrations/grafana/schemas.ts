// Zod schemas of Grafana's /api/ds/query response (data frames).
import { z } from "zod";

export const frameSchema = z.object({
  schema: z.object({
    refId: z.string().optional(),
    name: z.string().optional(),
    fields: z
      .array(
        z.object({
          // grafana-plugin-sdk-go (data/frame_json.go) writes a field's name only when it is non-empty.
          name: z.string().optional(),
          type: z.string().optional(),
          labels: z.record(z.string(), z.string()).nullish(),
        }),
      )
      .default([]),
  }),
  data: z.object({ values: z.array(z.array(z.union([z.number(), z.null()]))).default([]) }).optional(),
});
export type WireFrame = z.infer<typeof frameSchema>;

export const queryResultSchema = z.object({
  status: z.number().optional(),
  error: z.string().optional(),
  frames: z.array(frameSchema).nullish(),
});

export const dsQueryResponseSchema = z.object({ results: z.record(z.string(), queryResultSchema) });
export type WireDsQueryResponse = z.infer<typeof dsQueryResponseSchema>;
