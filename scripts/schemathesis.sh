#!/usr/bin/env bash
# Installs the pinned schemathesis (PyPI) into a venv under ~/.cache/wa-migrations, where
# test/api/schemathesis.test.ts looks for it. Idempotent: an existing install is kept.
set -euo pipefail
VERSION=4.32.5 # keep in step with SCHEMATHESIS_VERSION in test/api/schemathesis.test.ts
VENV="${HOME}/.cache/wa-migrations/schemathesis-${VERSION}"
if [ -x "${VENV}/bin/schemathesis" ] && "${VENV}/bin/schemathesis" --version | grep -q "${VERSION}"; then
  exit 0
fi
if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
  # Debian splits venv (with ensurepip) out of python3.
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
fi
rm -rf "${VENV}"
python3 -m venv "${VENV}"
"${VENV}/bin/pip" install --quiet --disable-pip-version-check "schemathesis==${VERSION}"
"${VENV}/bin/schemathesis" --version
