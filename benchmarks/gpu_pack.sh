#!/usr/bin/env bash
# Packs what the core needs beyond LibTorch for the GPU machine, which has no
# package registry: Debian 12's SQLite, zlib, nlohmann-json and Gloo headers
# and libraries, as .deb files in .gpu/debs/ (ignored by git; a few MB).
# gpu_check.sh unpacks them there without dpkg. Run it where apt works:
#
#   benchmarks/gpu_pack.sh && du -sh .gpu
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .gpu/debs
cd .gpu/debs
rm -f ./*.deb
apt-get download libsqlite3-dev libsqlite3-0 zlib1g-dev zlib1g nlohmann-json3-dev libgloo-dev
ls -l
