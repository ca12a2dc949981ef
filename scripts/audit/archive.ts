// Retention job: archive audit events older than N days to an NDJSON file with their chain hashes,
// anchored on the hash they continue from and closed by a (signed) checkpoint; or verify such a file.
//   node --conditions=react-server --import tsx scripts/audit/archive.ts --older-than-days 365 [--dir .data/audit-archive]
//   node --conditions=react-server --import tsx scripts/audit/archive.ts --verify <file>
// (make audit-archive AUDIT_RETENTION_DAYS=365 AUDIT_ARCHIVE_DIR=…). Uses DATABASE_URL (or PGlite)
// and AUDIT_SIGNING_KEY from lib/env.ts. Nothing is deleted: the database refuses it. A DBA who
// prunes archived rows does so with the file's sha256 and checkpoint id from the
// "audit.archived" event, and verify then starts from that signed checkpoint.
import { parseArgs } from "node:util";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { archiveAuditEvents, SYSTEM_ACTOR, verifyArchiveFile } from "@/lib/server/audit";

async function main() {
  const { values } = parseArgs({
    options: {
      "older-than-days": { type: "string" },
      dir: { type: "string", default: ".data/audit-archive" },
      verify: { type: "string" },
    },
  });
  const key = getEnv().AUDIT_SIGNING_KEY;
  if (values.verify) {
    const r = await verifyArchiveFile(values.verify, key);
    console.log(JSON.stringify(r, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2));
    process.exitCode = r.ok ? 0 : 1;
    return;
  }
  const days = Number(values["older-than-days"]);
  if (!values["older-than-days"] || !Number.isInteger(days) || days < 1) {
    throw new Error("--older-than-days must be a whole number of days ≥ 1");
  }
  const db = await getDb();
  try {
    const r = await archiveAuditEvents(db, {
      olderThanDays: days,
      dir: values.dir!,
      actor: { ...SYSTEM_ACTOR, id: "retention-job" },
      signingKey: key,
    });
    console.log(
      r
        ? `archived events #${r.fromSeq}–#${r.toSeq} (${r.count}) to ${r.file}\n  sha256 ${r.fileSha256}\n  checkpoint ${r.checkpointId}`
        : `nothing older than ${days} days left to archive`,
    );
  } finally {
    await db.$disconnect();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
