// Page objects of the Infrastructure pages, shared by the infra specs.
import { expect, type Locator, type Page } from "@playwright/test";

/** E2E_SCREENSHOTS=<dir>: saves a screenshot of the page there, to look at what the user saw. */
export async function screenshot(page: Page, name: string) {
  const dir = process.env.E2E_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

/** Page object for /infrastructure. */
export class InfrastructurePage {
  constructor(readonly page: Page) {}
  environment(env: string): Locator {
    return this.page.getByTestId(`infra-env-${env}`);
  }
  async open() {
    await this.page.goto("/infrastructure");
  }
  async plan(env: string) {
    await this.environment(env)
      .getByRole("button", { name: `Plan ${env}`, exact: true })
      .click();
    await this.page.waitForURL("**/infrastructure/runs/*");
  }
  async checkDrift(env: string) {
    await this.environment(env)
      .getByRole("button", { name: `Check ${env} for drift` })
      .click();
    await this.page.waitForURL("**/infrastructure/runs/*");
  }
}

/** Page object for /infrastructure/runs/{id}. */
export class RunPage {
  constructor(readonly page: Page) {}
  get id(): string {
    return new URL(this.page.url()).pathname.split("/").at(-1)!;
  }
  get status(): Locator {
    return this.page.getByTestId("run-status");
  }
  get console(): Locator {
    return this.page.getByTestId("console");
  }
  get stages(): Locator {
    return this.page.getByTestId("stages");
  }
  get failure(): Locator {
    return this.page.getByTestId("failure");
  }
  async waitForEnd(timeout: number) {
    await expect(this.status).toHaveText(/succeeded|failed|aborted/, { timeout });
  }
  /** The run as the API sends it (build number, sha256), read with the page's session. */
  async dto(): Promise<{ buildNumber: number | null; planSha256: string | null; jenkinsJob: string | null }> {
    const res = await this.page.request.get(`/api/infra/runs/${this.id}`);
    expect(res.status()).toBe(200);
    return res.json();
  }
}
