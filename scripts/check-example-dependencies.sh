#!/usr/bin/env bash
# The example consumer (examples/platform-team) must resolve exactly one version of Jackson and one of the AWS SDK:
# the BOM's, and no SLF4J binding from the runtime. Prints what it found; fails otherwise.
set -euo pipefail
cd "$(dirname "$0")/../examples/platform-team"
list=$(mktemp)
trap 'rm -f "$list"' EXIT
mvn -B -q dependency:list -DincludeScope=test -DoutputFile="$list" -DappendOutput=false >/dev/null
status=0
for group in com.fasterxml.jackson software.amazon.awssdk; do
  versions=$(grep -E "^ *${group//./\\.}[.:]" "$list" | awk -F: '{print $4}' | sort -u | tr '\n' ' ')
  echo "$group: ${versions:-none}"
  [ "$(echo "$versions" | wc -w)" -eq 1 ] || { echo "more than one version of $group" >&2; status=1; }
done
# The runtime's SLF4J binding is for its Lambda jar only (optional in its POM): a team's function keeps its own.
if grep -Eq "^ *org\.slf4j:slf4j-nop:" "$list"; then
  echo "the example consumer inherits org.slf4j:slf4j-nop from the runtime" >&2
  status=1
else
  echo "org.slf4j:slf4j-nop: not inherited"
fi
exit $status
