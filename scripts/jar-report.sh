#!/usr/bin/env bash
# Prints the shaded Lambda jar's size and its runtime dependency list, and fails if the jar contains a netty or
# an Apache HTTP client (the runtime ships the URL-connection client only; see docs/http-api.md).
# Uses the jar and list of the last `mvn -pl lambda-runtime package`/`install`; builds them first if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=$(ls lambda-runtime/target/consistentcrud-lambda-runtime-*-lambda.jar 2>/dev/null | head -1 || true)
deps=lambda-runtime/target/jar-report/runtime-dependencies.txt
if [ -z "$jar" ] || [ ! -f "$deps" ]; then
  mvn -B -q -o -pl lambda-runtime -DskipTests package
  jar=$(ls lambda-runtime/target/consistentcrud-lambda-runtime-*-lambda.jar | head -1)
fi

bytes=$(stat -c %s "$jar")
classes=$(unzip -Z1 "$jar" | grep -c '\.class$' || true)
echo "jar: $jar"
echo "size: $bytes bytes ($(awk -v b="$bytes" 'BEGIN { printf "%.2f MiB", b / 1048576 }')), $classes classes"
echo "runtime dependencies (mvn dependency:list, scope runtime):"
grep -E '^\s+[a-zA-Z0-9_.-]+:[a-zA-Z0-9_.-]+:' "$deps" | sed -e 's/^ */  /' -e 's/ -- module.*//' | sort

forbidden=$(unzip -Z1 "$jar" | grep -E '^(io/netty/|org/apache/http/|org/apache/hc/|software/amazon/awssdk/http/apache|software/amazon/awssdk/http/apache5|software/amazon/awssdk/http/nio/netty)' | cut -d/ -f1-4 | sort -u || true)
if [ -n "$forbidden" ]; then
  echo "FORBIDDEN: the jar contains netty or apache client classes:" >&2
  echo "$forbidden" >&2
  exit 1
fi
echo "check: no netty, no apache HTTP client classes in the jar"
