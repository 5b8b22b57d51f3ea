#!/usr/bin/env bash
# expect_failure.sh PATTERN COMMAND...: passes when COMMAND exits non-zero and
# its stderr contains PATTERN (a fixed string).
set -uo pipefail
pattern=$1
shift
stderr=$("$@" 2>&1 >/dev/null)
status=$?
if [[ $status -eq 0 ]]; then
  echo "expected a non-zero exit from: $*" >&2
  exit 1
fi
if [[ $stderr != *"$pattern"* ]]; then
  echo "stderr of '$*' lacks '$pattern':" >&2
  echo "$stderr" >&2
  exit 1
fi
