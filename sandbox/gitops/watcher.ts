// Follows the GitOps bare repository with the git CLI the way Argo CD's repo-server polls a
// remote: resolve the branch head, and when it moves report which files changed.
import { git } from "../lib/git";

export async function resolveCommit(repo: string, rev: string): Promise<string | undefined> {
  try {
    const { stdout } = await git(repo, ["rev-parse", "--verify", "--quiet", `${rev}^{commit}`]);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

export async function changedFiles(repo: string, from: string, to: string): Promise<string[]> {
  const { stdout } = await git(repo, ["diff", "--name-only", from, to]);
  return stdout.split("\n").filter(Boolean);
}

export class RepoPoller {
  private timer?: NodeJS.Timeout;
  private running = false;
  private stopped = false;

  constructor(
    private repo: string,
    private branch: string,
    private intervalMs: number,
    private onHead: (sha: string) => Promise<void>,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** One poll; public so tests and start-up can force a refresh without waiting. */
  async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      const sha = await resolveCommit(this.repo, `refs/heads/${this.branch}`);
      if (sha && !this.stopped) await this.onHead(sha);
    } catch (err) {
      console.error("[sandbox:gitops] poll failed:", (err as Error).message);
    } finally {
      this.running = false;
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }
}
