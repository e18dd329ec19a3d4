#!/usr/bin/env bash
# Nightly upload from cron, gated by leakgate. Refuses the upload on exit 1 (personal data found)
# and on exit 2 (a file could not be scanned, or a usage or pack error), keeps every JSON report,
# and says why in the log. Runs without a terminal: leakgate prints no colour and no spinner.
#   crontab:  15 2 * * *  /opt/uploads/cron-upload.sh /srv/exports/latest >> /var/log/upload.log 2>&1
set -u
bundle=${1:?usage: cron-upload.sh BUNDLE_DIR}
reports=${LEAKGATE_REPORTS:-/var/tmp/leakgate-reports}
mkdir -p "$reports"
report="$reports/$(date +%Y%m%dT%H%M%S)-leakgate.json"

if ! command -v leakgate >/dev/null 2>&1; then
  echo "$(date -Is) upload of $bundle refused: leakgate is not installed (npm install -g leakgate)" >&2
  exit 2
fi
leakgate scan "$bundle" --format json -o "$report" --quiet
status=$?
if [ "$status" -ne 0 ]; then
  echo "$(date -Is) upload of $bundle refused: leakgate exit $status (1 = personal data, 2 = not fully scanned); report $report" >&2
  exit "$status"
fi
echo "$(date -Is) leakgate passed $bundle; uploading"
# Replace with the real upload, e.g.:
# rsync -a --delete "$bundle"/ upload@publish.example.internal:/srv/police-uk/
