#!/usr/bin/env bash
# Per-call latency and cold start of the SDK's sync HTTP clients against DynamoDB Local: the runtime's HTTP client choice.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl test -am test-compile -DskipTests
mvn -B -q -pl test dependency:build-classpath -Dmdep.outputFile=target/measure.classpath -Dmdep.includeScope=test
cp="test/target/test-classes:$(cat test/target/measure.classpath)"
mvn -B -q -pl test exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.consistentcrud.measure.HttpClientChoice \
  -Dmeasure.classpath="$cp" 2>&1 | grep -v '^SLF4J'
