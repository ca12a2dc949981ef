import type { Metadata } from "next";
import { notFound } from "next/navigation";
import styles from "@/components/sandbox/slack.module.css";
import { SlackMessageCard } from "@/components/sandbox/slack-message";
import { listSandboxSlackMessages, slackEmulatorBase } from "@/components/sandbox/slack-messages";
import { groupThreads } from "@/components/sandbox/slack-threads";
import { requirePagePrincipal } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "Sandbox Slack" };
export const dynamic = "force-dynamic";

// The messages the portal sent to the sandbox's Slack emulator, newest first. Exists only when
// SANDBOX is on: in production there is no emulator and this route is a 404.
export default async function SandboxSlackPage() {
  const env = getEnv();
  if (!env.SANDBOX) notFound();
  await requirePagePrincipal();
  const result = await listSandboxSlackMessages(slackEmulatorBase(env));
  return (
    <>
      <h1>Sandbox Slack</h1>
      <p className="muted">
        Messages the portal posted to the sandbox&apos;s Slack emulator (webhook and chat.postMessage), newest first,
        with thread replies under the message they answer. Buttons are the deep links a real Slack user would click.
      </p>
      {!result.ok ? (
        <p className="badge bad" role="alert">
          {result.error}
        </p>
      ) : result.messages.length === 0 ? (
        <p className="muted">No messages yet.</p>
      ) : (
        <div className={styles.list}>
          {groupThreads(result.messages).map(({ message, replies }) => (
            <div key={`${message.channel}-${message.ts}`} className={styles.thread}>
              <SlackMessageCard message={message} />
              {replies.length ? (
                <ol
                  className={styles.replies}
                  aria-label={`${replies.length} repl${replies.length === 1 ? "y" : "ies"} in thread`}
                >
                  {replies.map((r) => (
                    <li key={r.ts}>
                      <SlackMessageCard message={r} />
                    </li>
                  ))}
                </ol>
              ) : null}
            </div>
          ))}
        </div>
      )}
    </>
  );
}
