// Soak time: before a tag is promoted to an environment it must have run Healthy in the environment
// before it (the source) for the target's minSoakMinutes. Pure; the executor passes healthySince
// (when the source last became Healthy on this tag, from the health watch) or null when it is not.

export interface SoakStatus {
  met: boolean;
  /** Since when the tag has been Healthy in the source; null when it is not Healthy (or not known to be). */
  healthySince: Date | null;
  requiredMinutes: number;
  /** Minutes still to wait (0 once met; null when the tag is not Healthy, so no wait would be enough). */
  remainingMinutes: number | null;
  /** When the soak completes if the tag stays Healthy (null when met or not Healthy). */
  readyAt: Date | null;
}

export function soakStatus(input: { healthySince: Date | null; minSoakMinutes: number; now: Date }): SoakStatus {
  const { healthySince, now } = input;
  const requiredMinutes = input.minSoakMinutes;
  if (requiredMinutes <= 0) {
    return { met: true, healthySince, requiredMinutes: 0, remainingMinutes: 0, readyAt: null };
  }
  if (!healthySince) return { met: false, healthySince: null, requiredMinutes, remainingMinutes: null, readyAt: null };
  const readyAt = new Date(healthySince.getTime() + requiredMinutes * 60_000);
  if (now >= readyAt) return { met: true, healthySince, requiredMinutes, remainingMinutes: 0, readyAt: null };
  const remainingMinutes = Math.ceil((readyAt.getTime() - now.getTime()) / 60_000);
  return { met: false, healthySince, requiredMinutes, remainingMinutes, readyAt };
}
