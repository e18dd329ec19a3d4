#!/usr/bin/env bash
# Upload a bundle only if leakgate passes it. Exit 1 (personal data found) and exit 2 (a file
# could not be scanned, a usage error, or leakgate not installed) both refuse the upload; the JSON
# report is kept. leakgate is found on the PATH or in ./node_modules/.bin.
#   usage: examples/upload.sh BUNDLE_DIR [DESTINATION]
set -u
bundle=${1:?usage: upload.sh BUNDLE_DIR [DESTINATION]}
dest=${2:-uploads/}
report=${LEAKGATE_REPORT:-leakgate-report.json}

leakgate=$(command -v leakgate || echo node_modules/.bin/leakgate)
if [ ! -x "$leakgate" ]; then
  echo "upload refused: leakgate is not installed (npm install -g leakgate, or npm install --save-dev leakgate here)" >&2
  exit 2
fi
"$leakgate" scan "$bundle" --format json -o "$report"
status=$?
case $status in
  0) echo "leakgate passed $bundle; uploading" ;;
  1) echo "upload refused: personal data found in $bundle (report: $report)" >&2; exit 1 ;;
  *) echo "upload refused: leakgate could not check $bundle completely (exit $status; report: $report)" >&2; exit 2 ;;
esac

# Replace with the real upload, e.g. rsync -a "$bundle"/ upload-host:/srv/public/
mkdir -p "$dest" && cp -R "$bundle"/. "$dest"
