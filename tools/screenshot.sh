#!/usr/bin/env bash
# Starts Attention Studio under Xvfb, trains the default setup (tiny model,
# copy task) and saves a screenshot of the window mid-training.
#
#   tools/screenshot.sh [output.png] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
output=${1:-docs/images/studio-training.png}
seconds=${2:-12}
app=${ATTN_STUDIO:-build/app/attention-studio}
home=$(mktemp -d)  # fresh settings: the default setup, not the user's
trap 'rm -rf "$home"' EXIT
XDG_CONFIG_HOME=$home XDG_DATA_HOME=$home xvfb-run -a -s "-screen 0 1600x1000x24" \
  "$app" --train --screenshot "$output" --after "$seconds"
echo "saved $output"
