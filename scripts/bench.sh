#!/usr/bin/env bash
# The benchmark, in one command: builds what it needs, then runs every section on DynamoDB Local and prints one
# markdown report (also written to test/target/bench/report.md). No AWS account, no network beyond loopback.
#
#   scripts/bench.sh            # the full run (under 10 minutes on 2 cores)
#   scripts/bench.sh --quick    # fewer iterations, to try it out
#   scripts/bench.sh --only 1,2 # some sections only (8 schemas, 9 index pages, 10 unique attributes)
#   scripts/bench.sh --only 7   # the local gateway's own cost: 1 and 16 kept-alive clients against the handler in
#                               # process, and a kept-alive GET against a GET on a new connection
#
# On a shared build machine, set BENCH_LOCK=/path/to/lock to hold that lock (flock) for the whole run, so that no
# build competes with the measurements.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

if [[ -n "${BENCH_LOCK:-}" && -z "${BENCH_LOCKED:-}" ]]; then
  export BENCH_LOCKED=1
  exec flock "$BENCH_LOCK" "$0" "$@"
fi

OUT=test/target/bench
mkdir -p "$OUT"
MVN="mvn -B -q ${BENCH_MVN_OPTS:--o}"

# A fresh clone has no runtime jar and no sample-app classpath yet: build and install the modules once.
if ! ls lambda-runtime/target/consistentcrud-lambda-runtime-*-lambda.jar >/dev/null 2>&1 \
    || [[ ! -f sample-app/target/cdk-app.classpath ]]; then
  echo "[bench] building the modules once (mvn install -DskipTests)" >&2
  $MVN -DskipTests install
fi

# Class paths: the test module's dependencies, and those of the cold-path subjects, resolved by Maven from
# throwaway POMs whose versions come from the root BOM.
$MVN -pl test dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$ROOT/$OUT/test.classpath"
resolve() { # name, dependencies XML
  mkdir -p "$OUT/poms/$1"
  cat > "$OUT/poms/$1/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>io.consistentcrud</groupId>
    <artifactId>consistentcrud-parent</artifactId>
    <version>0.1.0-SNAPSHOT</version>
    <relativePath>../../../../../pom.xml</relativePath>
  </parent>
  <artifactId>bench-$1</artifactId>
  <packaging>pom</packaging>
  <dependencies>$2</dependencies>
</project>
POM
  $MVN -f "$OUT/poms/$1/pom.xml" dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$ROOT/$OUT/$1.classpath"
}
EXCLUDE_CLIENTS='<exclusions>
      <exclusion><groupId>software.amazon.awssdk</groupId><artifactId>apache-client</artifactId></exclusion>
      <exclusion><groupId>software.amazon.awssdk</groupId><artifactId>apache5-client</artifactId></exclusion>
      <exclusion><groupId>software.amazon.awssdk</groupId><artifactId>netty-nio-client</artifactId></exclusion>
    </exclusions>'
dep() { echo "<dependency><groupId>$1</groupId><artifactId>$2</artifactId>${3:-}</dependency>"; }
resolve floor "$(dep software.amazon.awssdk dynamodb "$EXCLUDE_CLIENTS")$(dep software.amazon.awssdk url-connection-client)"
resolve peer "$(dep software.amazon.awssdk dynamodb-enhanced "$EXCLUDE_CLIENTS")$(dep software.amazon.awssdk dynamodb "$EXCLUDE_CLIENTS")$(dep software.amazon.awssdk url-connection-client)$(dep com.amazonaws aws-lambda-java-core)"
resolve peer-default "$(dep software.amazon.awssdk dynamodb-enhanced)$(dep com.amazonaws aws-lambda-java-core)"

# The runtime and the local mode under test are this checkout's (*/target), ahead of whatever the local repository
# holds.
RUNTIME_CP="$ROOT/lambda-runtime/target/classes:$ROOT/lambda-runtime/target/test-classes:$ROOT/sample-app/target/classes"
OURS_JAR=$(ls "$ROOT"/lambda-runtime/target/consistentcrud-lambda-runtime-*-lambda.jar | head -1)
CP="$RUNTIME_CP:$(cat "$OUT/test.classpath")"
rm -rf "$OUT/classes"
# Inline string concatenation, as the runtime is compiled: the cold-path launcher builds its events with `+`, and an
# invokedynamic concatenation would charge its method-handle setup to the subject under test.
javac --release 17 -nowarn -XDstringConcat=inline -d "$OUT/classes" -cp "$CP" $(find test/src/main/java/io/consistentcrud/bench -name '*.java')

# The CDK CLI of package-lock.json, for the synth section.
if [[ ! -x node_modules/.bin/cdk ]]; then
  npm ci --no-audit --no-fund --prefer-offline >&2
fi

java -Xms512m -cp "$OUT/classes:$CP" io.consistentcrud.bench.BenchMain \
  --out "$OUT/report.md" \
  --floor-cp "$(cat "$OUT/floor.classpath")" \
  --peer-cp "$(cat "$OUT/peer.classpath")" \
  --peer-default-cp "$(cat "$OUT/peer-default.classpath")" \
  --ours-jar "$OURS_JAR" \
  --launcher-cp "$ROOT/$OUT/classes" \
  "$@"
