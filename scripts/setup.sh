#!/usr/bin/env bash
# Installs the Debian packages Depeche needs, if any is missing. Safe to run again.
set -euo pipefail

packages=(
  pkg-config          # SwiftPM finds the C libraries through it
  libprotobuf-c-dev   # protobuf-c runtime and headers (the stage contract)
  protobuf-c-compiler # protoc-c, to regenerate Sources/DepecheProtoC (and the CI drift check)
  libxml2-dev         # HTML and XML parsing
  zlib1g-dev          # gzip: .warc.gz archives and .xml.gz sitemaps (fetch)
  libsqlite3-dev      # SQLite, for the store (GRDB links it)
  sqlite3             # the sqlite3 shell, to query a store (README)
  python3             # the evaluation scripts
  protobuf-compiler   # protoc: the wire tests check our bytes against Google's Python protobuf
  python3-protobuf
  python3-venv        # the Python gRPC example installs grpcio in a virtualenv
  openssl             # the TLS tests make their certificates
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

if ((${#missing[@]} == 0)); then
  echo "setup: every package is installed (${packages[*]})"
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "setup: run as root or install sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "setup: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
