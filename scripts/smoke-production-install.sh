#!/usr/bin/env bash
# The deploy path the README describes, as an operator would take it: build where dev dependencies
# are installed, ship dist/ and web/dist/ with the lockfile, `npm ci --omit=dev` in a clean place,
# and run what was shipped as an unprivileged user who cannot write to it. .ci/run calls this.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n-- %s\n' "$*"; }
stage=$(mktemp -d /tmp/hirelink-ship-XXXXXX)
data=$(mktemp -d /tmp/hirelink-ship-data-XXXXXX)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null || true
  rm -rf "$stage" "$data"
}
trap cleanup EXIT

log "build stage: npm run build"
npm run --silent build

log "run stage: npm ci --omit=dev in $stage"
cp package.json package-lock.json .npmrc "$stage/"
mkdir -p "$stage/web" "$stage/scripts"
cp -r dist "$stage/dist"
cp -r web/dist "$stage/web/dist"
cp scripts/start.mjs scripts/build-freshness.mjs "$stage/scripts/"
# better-sqlite3 has no prebuilt binary reachable from here, so its install script compiles SQLite
# (about two minutes on two cores). The build stage has just compiled the same locked version for
# the same Node and platform, so, as a multi-stage image build would, the run stage takes that
# binary instead of compiling it again. Set SMOKE_COMPILE_NATIVE=1 to compile anyway.
built_native=node_modules/better-sqlite3/build/Release/better_sqlite3.node
if [ "${SMOKE_COMPILE_NATIVE:-0}" != 1 ] && [ -f "$built_native" ]; then
  (cd "$stage" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
  installed=$(node -p "require('$stage/node_modules/better-sqlite3/package.json').version")
  built=$(node -p "require('./node_modules/better-sqlite3/package.json').version")
  [ "$installed" = "$built" ] || { echo "better-sqlite3 $installed installed, $built built" >&2; exit 1; }
  mkdir -p "$stage/node_modules/better-sqlite3/build/Release"
  cp "$built_native" "$stage/node_modules/better-sqlite3/build/Release/"
else
  (cd "$stage" && npm ci --omit=dev --no-audit --no-fund --loglevel=error)
fi
for dev_only in tsx vite esbuild react typescript vitest; do
  if [ -e "$stage/node_modules/$dev_only" ]; then echo "a production install holds $dev_only" >&2; exit 1; fi
done

# The app's files belong to root and are read-only to the server's user; only DATA_DIR is its own.
chmod -R a+rX,go-w "$stage"
chown nobody "$data"
log "start as nobody (read-only install, NODE_ENV=production)"
: >"$data.log"
# One simple command, so that $! is the server itself (setpriv, env and sh each exec the next).
# Production needs SMTP_URL and PUBLIC_URL; the smoke run queues no mail, so nothing listens there.
setpriv --reuid=nobody --regid=nogroup --clear-groups --reset-env env PATH="$PATH" HOME=/tmp NODE_ENV=production JWT_SECRET="$(head -c 48 /dev/urandom | base64)" \
  SMTP_URL=smtp://127.0.0.1:1 PUBLIC_URL=http://127.0.0.1 \
  DATA_DIR="$data" HOST=127.0.0.1 PORT=0 sh -c "cd '$stage' && exec node scripts/start.mjs" >"$data.log" 2>&1 &
server_pid=$!
port=
for _ in $(seq 1 100); do
  port=$(grep -o 'ready on http://localhost:[0-9]*' "$data.log" | grep -o '[0-9]*$' || true)
  if [ -n "$port" ] || ! kill -0 "$server_pid" 2>/dev/null; then break; fi
  sleep 0.2
done
if [ -z "$port" ]; then cat "$data.log" >&2; echo "the shipped server did not start" >&2; exit 1; fi
base="http://127.0.0.1:$port"
curl -fsS "$base/readyz" >/dev/null
curl -fsS "$base/" | grep -q '<div id="root">'
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' \
  -d '{"company_name":"Shipped Co","email":"shipped@example.test","password":"shipped and read-only"}' "$base/v1/client/register")
[ "$status" = 201 ] || { echo "registration answered $status" >&2; cat "$data.log" >&2; exit 1; }
if grep -q 'building it' "$data.log"; then echo "the shipped server tried to build" >&2; exit 1; fi
kill -TERM "$server_pid"
code=0
wait "$server_pid" || code=$?
server_pid=
if [ "$code" != 0 ]; then cat "$data.log" >&2; echo "the shipped server exited with $code after SIGTERM" >&2; exit 1; fi
rm -f "$data.log"
echo "production install: built, installed without dev dependencies, ran read-only as nobody, answered, stopped cleanly"
