// One recorded Slack message with its Block Kit blocks rendered (section, header, context,
// actions, divider), so a demo user can follow a deep-link button back into the portal.
import type { ReactNode } from "react";
import { parseMrkdwn, safeHref } from "./mrkdwn";
import styles from "./slack.module.css";

export interface SandboxSlackMessage {
  channel: string;
  channelName: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks: unknown[];
  source: string;
  username: string;
  postedAt: string;
  editedAt?: string;
  permalink: string;
}

type TextObject = { type?: string; text?: string };
type Block = {
  type?: string;
  text?: TextObject;
  fields?: TextObject[];
  elements?: { type?: string; text?: TextObject | string; url?: string; style?: string; alt_text?: string }[];
  accessory?: { type?: string; text?: TextObject; url?: string };
};

export function Mrkdwn({ text }: { text: string }) {
  return (
    <>
      {parseMrkdwn(text).map((t, i) => {
        const key = `${i}-${t.kind}`;
        switch (t.kind) {
          case "link":
            return (
              <a key={key} href={t.href}>
                {t.text}
              </a>
            );
          case "bold":
            return <strong key={key}>{t.text}</strong>;
          case "italic":
            return <em key={key}>{t.text}</em>;
          case "code":
            return <code key={key}>{t.text}</code>;
          case "strike":
            return <s key={key}>{t.text}</s>;
          default:
            return <span key={key}>{t.text}</span>;
        }
      })}
    </>
  );
}

function TextObj({ obj }: { obj?: TextObject | string }) {
  if (!obj) return null;
  if (typeof obj === "string") return <>{obj}</>;
  return obj.type === "mrkdwn" ? <Mrkdwn text={obj.text ?? ""} /> : (obj.text ?? "");
}

function Button({ text, url, style }: { text?: TextObject; url?: string; style?: string }) {
  const href = url ? safeHref(url) : undefined;
  const cls = `${styles.button} ${style === "primary" ? styles.primary : style === "danger" ? styles.danger : ""}`;
  return href ? (
    <a className={cls} href={href}>
      <TextObj obj={text} />
    </a>
  ) : (
    <span className={cls}>
      <TextObj obj={text} />
    </span>
  );
}

function renderBlock(raw: unknown, i: number): ReactNode {
  const b = (raw ?? {}) as Block;
  const key = `${i}-${b.type}`;
  switch (b.type) {
    case "header":
      return (
        <p key={key} className={styles.header}>
          <TextObj obj={b.text} />
        </p>
      );
    case "section":
      return (
        <div key={key} className={styles.section}>
          <div>
            {b.text ? (
              <p>
                <TextObj obj={b.text} />
              </p>
            ) : null}
            {b.fields?.length ? (
              <div className={styles.fields}>
                {b.fields.map((f, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: fields have no identity besides position
                  <div key={j}>
                    <TextObj obj={f} />
                  </div>
                ))}
              </div>
            ) : null}
          </div>
          {b.accessory?.type === "button" ? <Button text={b.accessory.text} url={b.accessory.url} /> : null}
        </div>
      );
    case "context":
      return (
        <p key={key} className={styles.context}>
          {b.elements?.map((e, j) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: elements have no identity besides position
            <span key={j}>
              {e.type === "image" ? `[${e.alt_text ?? "image"}]` : <TextObj obj={e as TextObject} />}{" "}
            </span>
          ))}
        </p>
      );
    case "actions":
      return (
        <div key={key} className={styles.actions}>
          {b.elements?.map((e, j) =>
            e.type === "button" ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: buttons have no identity besides position
              <Button key={j} text={e.text as TextObject} url={e.url} style={e.style} />
            ) : null,
          )}
        </div>
      );
    case "divider":
      return <hr key={key} className={styles.divider} />;
    default:
      return (
        <p key={key} className="muted">
          (unsupported block: {String(b.type)})
        </p>
      );
  }
}

export function SlackMessageCard({ message }: { message: SandboxSlackMessage }) {
  return (
    <article className={`card ${styles.message}`} data-testid="sandbox-slack-message">
      <header className={styles.meta}>
        <strong>{message.username}</strong>
        <span className="muted">#{message.channelName}</span>
        <time className="muted" dateTime={message.postedAt}>
          {new Date(message.postedAt).toISOString().replace("T", " ").slice(0, 19)} UTC
        </time>
        <span className="badge">{message.source}</span>
        {message.threadTs ? <span className="badge">reply in thread</span> : null}
        {message.editedAt ? <span className="muted">(edited)</span> : null}
        <a className={styles.permalink} href={message.permalink}>
          permalink
        </a>
      </header>
      {message.blocks.length ? (
        message.blocks.map(renderBlock)
      ) : (
        <p>
          <Mrkdwn text={message.text} />
        </p>
      )}
    </article>
  );
}
