#!/usr/bin/env bash
# Renders an mwaa-sim HTML report in headless Chromium, as a person would see
# it, and checks the screenshot is not blank (many distinct colours).
# Usage: tools/check-report.sh [report.html] [screenshot.png]
# Installs Debian's chromium when it is missing (it is not needed otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
report=${1:-}
shot=${2:-/tmp/mwaa-sim-report.png}
if [ -z "$report" ]; then
  report=/tmp/mwaa-sim-report.html
  ./build/mwaa-sim report scenarios/gradual-load-2600.json -o "$report" --replications 5 >/dev/null
fi
if ! command -v chromium >/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >&2
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
  --window-size=1400,1800 --screenshot="$shot" "file://$(readlink -f "$report")" >/dev/null 2>&1
python3 - "$shot" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
pos, idat, w, h = 8, b'', 0, 0
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8]); body = data[pos + 8:pos + 8 + n]; pos += 12 + n
    if kind == b'IHDR': w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
    elif kind == b'IDAT': idat += body
raw = zlib.decompress(idat)
colours = set(raw[i:i + 3] for i in range(0, min(len(raw), 4_000_000), 97))
print(f'screenshot {w}x{h}, {len(colours)} distinct sampled colours')
sys.exit(0 if len(colours) > 20 else 1)
PY
echo "report renders: $shot"
