// The console as Jenkins stores it carries ANSI colour codes (tofu plans in colour; Jenkins' own
// page renders them through the AnsiColor plugin). The run page shows plain text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC is what the sequences start with
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}
