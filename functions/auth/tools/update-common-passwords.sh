#!/usr/bin/env bash
# Regenerates the bundled common-password list from the MIT-licensed npm package
# @zxcvbn-ts/language-common (its src/passwords.json, most frequent first).
# Usage: functions/auth/tools/update-common-passwords.sh   (needs npm and node; writes one file)
set -euo pipefail

PACKAGE='@zxcvbn-ts/language-common'
VERSION='4.1.3'
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$ROOT/src/main/resources/dev/tradewind/auth/domain/password/common-passwords.txt"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

(cd "$WORK" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null)
tar -xzf "$WORK"/*.tgz -C "$WORK"

# One lower-cased entry per line; the list is already lower case, lower-casing again is a guard.
node -e '
  const list = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const seen = new Set();
  for (const p of list) {
    const e = p.toLowerCase();
    if (e.length > 0 && !/[\r\n]/.test(e) && !seen.has(e)) { seen.add(e); process.stdout.write(e + "\n"); }
  }
' "$WORK/package/src/passwords.json" > "$OUT"

echo "wrote $(wc -l < "$OUT") entries to ${OUT#"$ROOT"/}"
