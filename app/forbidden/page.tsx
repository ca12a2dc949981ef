import Link from "next/link";

export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ action?: string }> }) {
  const { action } = await searchParams;
  return (
    <main className="login card" id="main">
      <h1>Not allowed</h1>
      <p>Your role does not allow {action ? <code>{action}</code> : "this page"}.</p>
      <p>
        <Link href="/">Back to the overview</Link>
      </p>
    </main>
  );
}
