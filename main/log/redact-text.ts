// Redaction of free text (log lines, error messages) for what the key-based redaction in
// logger.ts cannot see: a secret written into a message, an ID number in an error text.
// The logger applies it to every string it writes; the support export runs every line
// through it again, so a line an older version wrote does not leave the workstation either.

const PATTERNS: readonly [RegExp, string][] = [
  [/Bearer\s+[^\s"',;]+/gi, 'Bearer [redacted]'],
  // "token":"…", 'pin': '…', token=…, password: …, PIN 88888888
  [
    /(["']?\b(?:[a-z]*token|[a-z]*password|passwd|pin|pincode|secret|authorization|cookie|id_?number|id_?card)\b["']?\s*[:=]?\s*)("[^"]*"|'[^']*'|[^\s"',;}\]]+)/gi,
    '$1[redacted]',
  ],
  // 身份证号: 18 characters (17 digits and a digit or X), or the old 15 digits.
  [/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g, '[身份证号已隐去]'],
  [/(?<![0-9A-Za-z])\d{15}(?![0-9A-Za-z])/g, '[身份证号已隐去]'],
  // Opaque credentials without a name beside them (session tokens, keys): long runs of
  // base64/hex characters. Hashes go too; support can do without them.
  [/(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_=]{32,}(?![A-Za-z0-9+/_=-])/g, '[redacted]'],
];

export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
