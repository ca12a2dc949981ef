import { describe, expect, it } from "vitest";
import { diffRowsHtml, escapeHtml } from "./diff-rows-html";

describe("diffRowsHtml", () => {
  it("escapes markup in paths and values, so a plan cannot inject HTML into the page", () => {
    const html = diffRowsHtml(
      [
        {
          path: 'tags["<img src=x onerror=alert(1)>"]',
          before: { kind: "value", text: "\"</td><script>alert('x')</script>\"" },
          after: { kind: "value", text: '"a & b"' },
          forcesReplacement: true,
        },
      ],
      "both",
      'forces" onmouseover="x',
    );
    expect(html).not.toMatch(/<script|<img|onmouseover="/);
    expect(html).toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    expect(html).toContain("a &amp; b");
    expect(html).toContain('class="forces&quot; onmouseover=&quot;x"');
  });

  it("renders one value column for creates and destroys, masked and unknown values in words", () => {
    const changes = [
      { path: "auth_token", before: { kind: "absent" }, after: { kind: "sensitive" }, forcesReplacement: false },
      { path: "arn", before: { kind: "value", text: '"arn:1"' }, after: { kind: "unknown" }, forcesReplacement: false },
    ] as const;
    expect(diffRowsHtml(changes, "after", "f")).toBe(
      '<tr><th scope="row">auth_token</th><td><i>(sensitive value)</i></td></tr>' +
        '<tr><th scope="row">arn</th><td><i>(known after apply)</i></td></tr>',
    );
    expect(diffRowsHtml(changes, "before", "f")).toBe(
      '<tr><th scope="row">auth_token</th><td>—</td></tr><tr><th scope="row">arn</th><td>"arn:1"</td></tr>'.replace(
        '"arn:1"',
        "&quot;arn:1&quot;",
      ),
    );
  });

  it("escapes the five characters HTML needs", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
    );
  });
});
