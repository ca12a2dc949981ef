// adapter-pg 7.10 has no column-type mapping for PostgreSQL's internal one-byte "char" type
// (OID 18), which the schema engine's catalog queries return (relkind, contype, …), so
// introspecting a real PostgreSQL through it fails with "Column type 'char' could not be
// deserialized". pg already parses "char" values as strings; reporting the column as text
// (OID 25) is exact. Only the drift check introspects, so only it uses this client.
import pg from "pg";

const CHAR_OID = 18;
const TEXT_OID = 25;

type Fields = { fields?: { dataTypeID: number }[] };

function charAsText<T>(result: T): T {
  for (const f of (result as Fields)?.fields ?? []) if (f.dataTypeID === CHAR_OID) f.dataTypeID = TEXT_OID;
  return result;
}

export class CharAsTextClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() has a dozen overloads; we only post-process.
  override query(...args: any[]): any {
    // pg-pool calls query(config, values, callback); direct callers use the promise.
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      const callback = args[last];
      args[last] = (err: Error | null, res: unknown) => callback(err, err ? res : charAsText(res));
    }
    // biome-ignore lint/suspicious/noExplicitAny: see above
    const out = (super.query as any)(...args);
    return out && typeof out.then === "function" ? out.then(charAsText) : out;
  }
}
