#!/usr/bin/env bash
# The Hardhat node beside Parley (issue 17; bench/hardhat/README.md). Installs the pinned Hardhat
# and viem into a dir OUTSIDE the repo (Hardhat is not a Parley dependency), then runs driver.mjs
# there with the arguments given, e.g.
#   bench/hardhat/run.sh --txs 20000 --json
# HARDHAT_BENCH_DIR=/some/dir keeps (and reuses) the install and the signed load between runs;
# without it a fresh temp dir is used and removed at the end.
set -euo pipefail

HARDHAT_VERSION=3.18.0
VIEM_VERSION=2.57.20
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Hardhat 3.18 needs Node 22.13+; the repo pins one in node_modules/.bin, which comes first if present.
if [ -x "$HERE/../../node_modules/.bin/node" ]; then PATH="$HERE/../../node_modules/.bin:$PATH"; fi
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 13) ? 0 : 1)'; then
  echo "run.sh: Node 22.13+ needed (found $(node --version))" >&2; exit 2
fi

if [ -n "${HARDHAT_BENCH_DIR:-}" ]; then
  DIR="$HARDHAT_BENCH_DIR"
  mkdir -p "$DIR"
else
  DIR="$(mktemp -d "${TMPDIR:-/tmp}/parley-hardhat-XXXXXX")"
  trap 'rm -rf "$DIR"' EXIT
fi
ROOT="$(cd "$HERE/../.." && pwd)"
case "$DIR" in "$ROOT" | "$ROOT"/*) echo "run.sh: the install dir must be outside the repo" >&2; exit 2;; esac

installed() { node -p "require('$DIR/node_modules/$1/package.json').version" 2>/dev/null || true; }
if [ "$(installed hardhat)" != "$HARDHAT_VERSION" ] || [ "$(installed viem)" != "$VIEM_VERSION" ]; then
  echo "[hardhat-bench] installing hardhat@$HARDHAT_VERSION viem@$VIEM_VERSION into $DIR" >&2
  [ -f "$DIR/package.json" ] || echo '{"name":"parley-hardhat-bench","private":true,"type":"module"}' > "$DIR/package.json"
  npm install --prefix "$DIR" --no-audit --no-fund --loglevel=error \
    "hardhat@$HARDHAT_VERSION" "viem@$VIEM_VERSION" >&2
fi
cp "$HERE/driver.mjs" "$HERE/hardhat.config.js" "$DIR/"
cd "$DIR"
node driver.mjs "$@"
