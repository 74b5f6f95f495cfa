#!/bin/sh
# Records the WebM test fixtures (vp8.webm, vp9.webm, av1.webm, vp8-live.webm) with Debian's
# headless Chromium: record.js draws a 64x48 canvas (a red top-left corner for the first half
# second, then green, on blue) at 10 frames a second for one second and records it with
# MediaRecorder, so the files are what a browser (libvpx, libaom) really writes. vp8-live.webm is
# recorded in 250 ms slices, as a browser streams it: unknown sizes, no duration, no cues.
# Needs chromium, chromium-driver, curl and python3. Usage: record.sh [output folder]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
port=9533
chromedriver --port=$port >/dev/null 2>&1 &
driver=$!
trap 'kill $driver' EXIT
sleep 1
python3 - "$here" "$out" "$port" <<'PY'
import base64, json, sys, urllib.request
here, out, port = sys.argv[1:]
def call(path, body=None, method='POST'):
    req = urllib.request.Request(f'http://localhost:{port}{path}', method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={'Content-Type': 'application/json'})
    return json.load(urllib.request.urlopen(req))['value']
sid = call('/session', {'capabilities': {'alwaysMatch': {'goog:chromeOptions': {
    'binary': '/usr/bin/chromium', 'args': ['--headless=new', '--no-sandbox', '--disable-gpu']}}}})['sessionId']
try:
    call(f'/session/{sid}/url', {'url': f'file://{here}/record.html'})
    script = open(f'{here}/record.js').read()
    for name, mime, slice_ms in [('vp8', 'vp8', 0), ('vp9', 'vp9', 0), ('av1', 'av1', 0), ('vp8-live', 'vp8', 250)]:
        data = base64.b64decode(call(f'/session/{sid}/execute/async',
            {'script': script, 'args': [f'video/webm;codecs={mime}', slice_ms]}))
        open(f'{out}/{name}.webm', 'wb').write(data)
        print(name, len(data), 'bytes')
finally:
    call(f'/session/{sid}', method='DELETE')
PY
