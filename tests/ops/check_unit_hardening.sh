#!/usr/bin/env bash
# tests/ops/check_unit_hardening.sh UNIT_FILE THRESHOLD — fails when systemd's own assessment of a shipped unit
# (`systemd-analyze security --offline`, systemd 252) rates its exposure above THRESHOLD (0.0 safest, 10.0 worst),
# printing every setting that still counts against it. docs/operations.md records the current scores.
# Also fails when the unit gives the service capabilities or leaves the file system writable.
set -euo pipefail
unit="$1"
threshold="$2"
if ! command -v systemd-analyze >/dev/null; then
  echo "systemd-analyze is missing (scripts/setup installs the systemd package)" >&2
  exit 1
fi
report="$(systemd-analyze security --offline=true "$unit" 2>&1)" || true
score="$(printf '%s\n' "$report" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')"
if [ -z "$score" ]; then
  printf 'no exposure level in the report for %s:\n%s\n' "$unit" "$report" >&2
  exit 1
fi
echo "$(basename "$unit"): exposure $score (threshold $threshold)"
printf '%s\n' "$report" | grep '✗' || true
for required in 'ProtectSystem=strict' 'NoNewPrivileges=yes' 'CapabilityBoundingSet=$' 'UMask=0077'; do
  if ! grep -Eq "^${required}" "$unit"; then
    echo "$(basename "$unit") lacks ${required%\$}" >&2
    exit 1
  fi
done
awk -v score="$score" -v threshold="$threshold" 'BEGIN { exit !(score <= threshold) }' || {
  echo "$(basename "$unit"): exposure $score is above $threshold" >&2
  exit 1
}
