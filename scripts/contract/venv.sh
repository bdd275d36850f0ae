#!/usr/bin/env bash
# Creates (or updates) the schemathesis venv of the gateway's contract test: .local/venv/schemathesis, from
# the pinned requirements.txt beside this script. A no-op when the venv was installed from the same file
# (a copy of it is kept in the venv), so the test can call it every run. Prints the `st` executable's path.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
REQUIREMENTS="$ROOT/scripts/contract/requirements.txt"
VENV="${SCHEMATHESIS_VENV:-$ROOT/.local/venv/schemathesis}"
INSTALLED="$VENV/requirements.installed.txt"

if [[ ! -x $VENV/bin/st ]] || ! cmp -s "$REQUIREMENTS" "$INSTALLED"; then
  command -v python3 >/dev/null || { echo "error: python3 is needed for schemathesis" >&2; exit 1; }
  # Debian's python3 comes without venv (as infra/native/services.sh installs it for MLflow)
  python3 -c 'import ensurepip, venv' 2>/dev/null ||
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null; }
  echo "installing schemathesis into ${VENV#"$ROOT"/} …" >&2
  [[ -x $VENV/bin/python ]] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS" >&2
  cp "$REQUIREMENTS" "$INSTALLED"
fi
echo "$VENV/bin/st"
