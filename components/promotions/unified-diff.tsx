// A unified diff with added/removed lines marked by colour *and* by their +/- prefix.
import styles from "./promotions.module.css";

export function UnifiedDiff({ diff, label }: { diff: string; label: string }) {
  const lines = diff.replace(/\n$/, "").split("\n");
  return (
    <figure className={styles.diffFigure}>
      <figcaption className="visually-hidden">{label}</figcaption>
      <pre className={styles.diff} data-testid="diff">
        <code>
          {lines.map((line, i) => {
            const cls =
              line.startsWith("+++") || line.startsWith("---")
                ? styles.ctx
                : line.startsWith("+")
                  ? styles.add
                  : line.startsWith("-")
                    ? styles.del
                    : line.startsWith("@@")
                      ? styles.hunk
                      : styles.ctx;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: diff lines have no identity besides position
              <span key={i} className={cls}>
                {line || " "}
              </span>
            );
          })}
        </code>
      </pre>
    </figure>
  );
}
