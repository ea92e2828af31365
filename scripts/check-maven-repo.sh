#!/usr/bin/env bash
# Checks that Maven can run the Java practice projects offline: the JUnit 5 and Surefire versions they pin must
# already be in the local repository (~/.m2/repository), because the machines that run Greenloop's tests have no
# network. Runs one practice project's tests offline in a temp copy; its tests fail (it is a stub) but they must run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$root/practice/java/word_count" "$work/project"
if ! (cd "$work/project" && mvn -B -q -o test >"$work/out.txt" 2>&1) && ! ls "$work/project/target/surefire-reports/"TEST-*.xml >/dev/null 2>&1; then
  echo "Maven cannot run the Java practice projects offline: the artifacts they pin (junit-jupiter 5.10.2," >&2
  echo "maven-surefire-plugin 3.2.5, maven-compiler-plugin 3.13.0, maven-resources-plugin 3.3.1) are not all in" >&2
  echo "~/.m2/repository. With network access, run 'mvn test' once in practice/java/word_count to fetch them." >&2
  grep -m 3 -E "ERROR" "$work/out.txt" >&2 || true
  exit 1
fi
echo "maven: the Java practice projects run offline"
