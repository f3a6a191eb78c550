#!/usr/bin/env bash
# The Debian packages `make test` needs beyond Python: chromium for the browser tests, npm for the front-end
# test tools, Java for the HTML checker, FriBiDi for the Arabic share cards (Pillow's raqm layout loads it). Installs what is missing as root, or through sudo; otherwise stops with the command to run.
set -euo pipefail

missing=()
chromium="${CHROMIUM:-$(command -v chromium || echo /usr/bin/chromium)}"
[ -x "$chromium" ] || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
fribidi_glob="${FRIBIDI_GLOB:-/usr/lib/*/libfribidi.so.0*}"
compgen -G "$fribidi_glob" >/dev/null || missing+=(libfribidi0)
[ ${#missing[@]} -eq 0 ] && exit 0

command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "make test needs the Debian packages: ${missing[*]}. Install them as root, then run make test again:" >&2
    echo "    su -c '$command'" >&2
    exit 1
fi
echo "Installing the Debian packages the tests need: ${missing[*]}"
# Progress lines go; errors (on stderr) stay.
"${as_root[@]}" apt-get update -qq >/dev/null
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "Installed: ${missing[*]}"
