#!/usr/bin/env bash
# Checks that the committed protoc-c output in Sources/DepecheProtoC is what protoc-c generates from
# proto/ today. Plain shell and protoc-c (no Swift build), so it runs in well under a second.
#
# Keep the layout and the umbrella header in step with Plugins/GenerateProto/plugin.swift:
#   <proto dir>/<name>.pb-c.c  -> Sources/DepecheProtoC/<proto dir>/
#   <proto dir>/<name>.pb-c.h  -> Sources/DepecheProtoC/include/<proto dir>/
#   Sources/DepecheProtoC/include/DepecheProtoC.h includes every generated header.
set -euo pipefail
cd "$(dirname "$0")/.."

readonly pinned="1.4.1"
readonly target="Sources/DepecheProtoC"
readonly fix="swift package --allow-writing-to-package-directory generate-proto"

protoc_c="${PROTOC_C:-$(command -v protoc-c || true)}"
if [[ -z "$protoc_c" || ! -x "$protoc_c" ]]; then
  echo "check-proto: protoc-c not found; install the Debian package protobuf-c-compiler (scripts/setup.sh)" >&2
  exit 1
fi
version="$("$protoc_c" --version 2>&1 | sed -n 1p)"
echo "check-proto: $protoc_c: $version"
if [[ "$version" != "protobuf-c $pinned" ]]; then
  echo "check-proto: expected protobuf-c $pinned (Debian 12's protobuf-c-compiler), got '$version';" \
    "another protoc-c version writes different code, so the check would not be meaningful" >&2
  exit 1
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/out" "$scratch/expected/include"

mapfile -t protos < <(cd proto && find . -name '*.proto' -type f | sed 's|^\./||' | LC_ALL=C sort)
if ((${#protos[@]} == 0)); then
  echo "check-proto: no .proto file under proto/" >&2
  exit 1
fi
(cd proto && "$protoc_c" --proto_path=. --c_out="$scratch/out" "${protos[@]}")

# Lay the output out as in the target.
(
  cd "$scratch/out"
  find . -name '*.pb-c.c' -type f | while read -r file; do
    mkdir -p "$scratch/expected/$(dirname "$file")"
    cp "$file" "$scratch/expected/$file"
  done
  find . -name '*.pb-c.h' -type f | while read -r file; do
    mkdir -p "$scratch/expected/include/$(dirname "$file")"
    cp "$file" "$scratch/expected/include/$file"
  done
)
{
  echo "// Umbrella header for the protoc-c output of proto/depeche/v1."
  echo "// The files beside it are generated: run \`swift package generate-proto\` after editing proto/."
  (cd "$scratch/out" && find . -name '*.pb-c.h' -type f | sed 's|^\./||' | LC_ALL=C sort) |
    while read -r header; do echo "#include \"$header\""; done
} >"$scratch/expected/include/DepecheProtoC.h"

# The committed generated files: every .pb-c.c and .pb-c.h, plus the umbrella header.
mkdir -p "$scratch/committed/include"
(
  cd "$target"
  find . \( -name '*.pb-c.c' -o -name '*.pb-c.h' \) -type f | while read -r file; do
    mkdir -p "$scratch/committed/$(dirname "$file")"
    cp "$file" "$scratch/committed/$file"
  done
)
cp "$target/include/DepecheProtoC.h" "$scratch/committed/include/DepecheProtoC.h" 2>/dev/null || true

if ! diff -r "$scratch/committed" "$scratch/expected" >"$scratch/diff"; then
  # Show paths relative to the target rather than the scratch directory.
  sed -e "s|$scratch/committed|$target|g" -e "s|$scratch/expected|protoc-c|g" "$scratch/diff" | sed -n "1,60p" >&2
  echo >&2
  echo "check-proto: $target does not match proto/ (diff above, first 60 lines)." >&2
  echo "check-proto: regenerate it with: $fix" >&2
  echo "check-proto: then commit the result." >&2
  exit 1
fi
echo "check-proto: $target matches proto/ (${#protos[@]} proto files)"
