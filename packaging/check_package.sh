#!/bin/bash
# Builds the Debian package from a configured build folder and checks it as
# Debian would: lintian (errors and warnings fail), the AppStream metadata,
# the desktop entry; then unpacks it into a throw-away root and runs what it
# installed: both programs' --version, a 2-step training, and the app
# offscreen.
#   packaging/check_package.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$build"
cpack -G DEB -B "$work/package" > "$work/cpack.log" || { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/package/*.deb)
echo "package: $(basename "$deb")"
dpkg-deb --info "$deb" | sed -n '/Package:/,$p'

# lintian refuses nothing as root but says so on stderr; keep only its findings.
lintian --fail-on error,warning --tag-display-limit 0 "$deb" 2> >(grep -v 'root privileges' >&2)
echo "lintian: no errors or warnings"

root="$work/root"
dpkg-deb -x "$deb" "$root"
appstreamcli validate --no-net "$root"/usr/share/metainfo/*.metainfo.xml
hints=$(desktop-file-validate "$root"/usr/share/applications/*.desktop 2>&1 || true)
if [ -n "$hints" ]; then
  echo "desktop-file-validate: $hints" >&2
  exit 1
fi
echo "desktop entry: valid, no hints"
for page in attention-train attention-studio; do
  test -s "$root/usr/share/man/man1/$page.1.gz" || { echo "no manual page for $page" >&2; exit 1; }
done

"$root/usr/bin/attention-train" --version
"$root/usr/bin/attention-train" --task copy --train-size 64 --eval-size 8 --batch-size 32 \
  --epochs 1 --max-steps 2 --threads 1 --quiet --out "$work/runs"
test -f "$work"/runs/*/checkpoints/checkpoint_last.pt
QT_QPA_PLATFORM=offscreen "$root/usr/bin/attention-studio" --version
echo "installed programs: run"
