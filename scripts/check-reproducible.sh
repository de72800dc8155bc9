#!/usr/bin/env bash
# Builds twice from clean and compares the runtime jar, the library jar and the synthesized template byte for byte.
# Assumes one synth has already run (cdk.out exists) or runs one first.
set -euo pipefail
cd "$(dirname "$0")/.."
artifacts=(lambda-runtime/target/consistentcrud-lambda-runtime-*-lambda.jar lib/target/consistentcrud-cdk-[0-9]*.jar
           cdk.out/ConsistentCrudSample.template.json)

digest() { sha256sum "${artifacts[@]}"; }

[ -f cdk.out/ConsistentCrudSample.template.json ] || mvn -B -q -Psynth -DskipTests package
first=$(digest)
mvn -B -q clean
rm -rf cdk.out
mvn -B -q -Psynth -DskipTests package
second=$(digest)
if [ "$first" != "$second" ]; then
  echo "NOT reproducible:" >&2
  diff <(echo "$first") <(echo "$second") >&2 || true
  exit 1
fi
echo "reproducible: identical runtime jar, library jar and template across two clean builds"
echo "$second"
