#!/usr/bin/env bash
# Exports an MWAA environment's run from CloudWatch in the form
# `mwaa-sim calibrate` / `mwaa-sim validate` read (docs/calibration.md):
#
#   tools/export-cloudwatch.sh ENV START END [REGION]
#   e.g. tools/export-cloudwatch.sh my-env 2025-05-01T10:00:00Z 2025-05-01T11:00:00Z us-east-2
#
# It fills the environment name into tools/cloudwatch-queries.json (the
# queries of every series the model predicts; placeholder ENV_NAME), runs
# `aws cloudwatch get-metric-data --scan-by TimestampAscending` and follows
# NextToken by hand, one file per page, so every page is kept as AWS sent it:
#
#   <prefix>-queries.json   the queries with the environment name
#   <prefix>-page-1.json    the first page, then -page-2.json ... while a NextToken comes back
#
# <prefix> is $OUTPUT_PREFIX, default ./cloudwatch-<ENV>. START should be the
# run's start (the scenario's "start"); END a little after the run's end.
# Credentials, profile and endpoint come from the usual AWS CLI settings
# (AWS_PROFILE, AWS_ENDPOINT_URL, ...). Pools other than default_pool: make
# queries for your scenario with `mwaa-sim run SCENARIO --queries FILE` and
# pass it as QUERIES_FILE=FILE (its Environment values are used as written).
# At the end it prints the calibrate command line for the files written.
set -euo pipefail

usage() {
  echo "usage: $0 ENV START END [REGION]   (ISO-8601 times, e.g. 2025-05-01T10:00:00Z)" >&2
  exit 2
}
if [ $# -lt 3 ] || [ $# -gt 4 ]; then usage; fi
env_name=$1
start=$2
end=$3
region=${4:-}
# MWAA environment names: a letter, then letters, digits, '-' and '_'. Checked
# so the name can go into the queries with sed unescaped.
[[ $env_name =~ ^[A-Za-z][A-Za-z0-9_-]*$ ]] || { echo "$0: not an MWAA environment name: '$env_name'" >&2; exit 2; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
template=${QUERIES_FILE:-$here/cloudwatch-queries.json}
prefix=${OUTPUT_PREFIX:-./cloudwatch-$env_name}
max_pages=${MAX_PAGES:-1000}  # a bound, so a service that keeps answering with a token cannot loop for ever
command -v aws > /dev/null || { echo "$0: the AWS CLI (aws) is not on PATH" >&2; exit 2; }
[ -r "$template" ] || { echo "$0: cannot read the queries template $template" >&2; exit 2; }

queries=$prefix-queries.json
sed "s/\"ENV_NAME\"/\"$env_name\"/g" "$template" > "$queries.tmp"
mv "$queries.tmp" "$queries"

args=(cloudwatch get-metric-data --metric-data-queries "file://$queries" --start-time "$start" --end-time "$end"
      --scan-by TimestampAscending --output json)
[ -n "$region" ] && args+=(--region "$region")

pages=()
token=""
page=1
while :; do
  out=$prefix-page-$page.json
  if [ -z "$token" ]; then
    # --no-paginate: one API call per file, so NextToken stays visible.
    aws "${args[@]}" --no-paginate > "$out.tmp"
  else
    # --next-token turns the CLI's own pagination off and passes the token on.
    aws "${args[@]}" --next-token "$token" > "$out.tmp"
  fi
  mv "$out.tmp" "$out"
  pages+=("$out")
  # The CLI pretty-prints one key per line: "NextToken": "...".
  token=$(sed -n 's/^ *"NextToken": *"\([^"]*\)".*/\1/p' "$out" | head -n 1)
  [ -z "$token" ] && break
  page=$((page + 1))
  if [ "$page" -gt "$max_pages" ]; then
    echo "$0: stopped after $max_pages pages (MAX_PAGES); the export is incomplete" >&2
    exit 1
  fi
done

echo "wrote $queries and ${#pages[@]} page(s): ${pages[*]}" >&2
calibrate="mwaa-sim calibrate --scenario SCENARIO --queries $queries"
for p in "${pages[@]}"; do calibrate+=" --cloudwatch $p"; done
echo "$calibrate --fit startup_overhead,provisioning_delay -o calibrated.json --report fit.json"
