#!/usr/bin/env bash
# The main job on the bundled example story, offline: record its five saved pages as versions,
# then print the latest diff and the changelog. Usage: examples/quickstart.sh [ARCHIVE_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

archive=${1:-$(mktemp -d)/archive}
url=https://www.coastlinecourier.example/news/2025/03/14/harbour-warehouse-fire
cargo build --quiet
storydiff() { target/debug/storydiff --archive "$archive" "$@"; }

echo "== Recording examples/harbour-fire/v1..v5 into $archive"
storydiff ingest --url "$url" \
    examples/harbour-fire/v1.html --at 2025-03-14T07:30:00Z \
    examples/harbour-fire/v2.html --at 2025-03-14T12:00:00Z \
    examples/harbour-fire/v3.html --at 2025-03-14T14:30:00Z \
    examples/harbour-fire/v4.html --at 2025-03-14T18:00:00Z \
    examples/harbour-fire/v5.html --at 2025-03-15T08:15:00Z
echo
echo "== storydiff diff $url   (the two latest versions)"
storydiff diff "$url"
echo
echo "== storydiff diff $url 1 2"
storydiff diff "$url" 1 2
echo
echo "== storydiff changelog $url"
storydiff changelog "$url"
echo
echo "== storydiff verify"
storydiff verify
echo
echo "The archive is a git repository: try  git -C $archive log --branches --stat"
