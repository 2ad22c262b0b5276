#!/usr/bin/env bash
# Collects the Airflow REST API responses that `mwaa-sim import airflow --from DIR`
# reads, from an Amazon MWAA environment (through `aws mwaa invoke-rest-api`)
# or from any Airflow webserver / API server with a bearer token (curl).
#
#   tools/collect-airflow.sh --mwaa-env NAME -o DIR [--since ISO] [--until ISO] [--dag-id ID]... [--limit N]
#   tools/collect-airflow.sh --url https://host/api/v1 --token TOKEN -o DIR [...]   (or /api/v2 for Airflow 3)
#
# Writes (see docs/import.md):
#   DIR/dags/page-00000.json ...            GET /dags                      (paginated)
#   DIR/tasks/<dag_id>.json                 GET /dags/{dag_id}/tasks       (one response per DAG)
#   DIR/dag_runs/page-00000.json ...        GET /dags/~/dagRuns            (paginated; per DAG with --dag-id)
#   DIR/task_instances/page-00000.json ...  GET /dags/~/dagRuns/~/taskInstances (paginated)
#   DIR/pools/page-00000.json ...           GET /pools                     (paginated)
#   DIR/environment.json                    aws mwaa get-environment       (MWAA only)
#
# Pages are fetched with limit/offset until total_entries is reached. InvokeRestApi
# answers within 10 s and 6 MB or fails: a failed page is retried with half the
# limit (down to 1) before the script gives up. Airflow caps limit at
# [api] maximum_page_limit (100 by default). InvokeRestApi's Path is at most 64
# characters: tasks of a DAG whose id makes /dags/{dag_id}/tasks longer are
# skipped with a message (use --url for those).
#
# Needs: jq, and the AWS CLI v2 (MWAA) or curl. Credentials and region come
# from the usual AWS CLI environment (AWS_PROFILE, AWS_REGION, ...).
set -euo pipefail

usage() {
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}

mwaa_env="" url="" token="${AIRFLOW_TOKEN:-}" out="" since="" until_="" limit=100
dag_ids=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --mwaa-env) mwaa_env="$2"; shift 2 ;;
    --url) url="${2%/}"; shift 2 ;;
    --token) token="$2"; shift 2 ;;
    -o|--output) out="$2"; shift 2 ;;
    --since) since="$2"; shift 2 ;;
    --until) until_="$2"; shift 2 ;;
    --dag-id) dag_ids+=("$2"); shift 2 ;;
    --limit) limit="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "collect-airflow: unknown option '$1'" >&2; usage ;;
  esac
done

die() { echo "collect-airflow: $*" >&2; exit 1; }
[[ -n "$out" ]] || die "give -o DIR"
if [[ -n "$mwaa_env" && -n "$url" ]] || [[ -z "$mwaa_env" && -z "$url" ]]; then die "give exactly one of --mwaa-env NAME or --url URL"; fi
[[ "$limit" =~ ^[1-9][0-9]*$ ]] || die "--limit expects a positive integer, got '$limit'"
command -v jq >/dev/null || die "jq is required"
if [[ -n "$mwaa_env" ]]; then
  command -v aws >/dev/null || die "the AWS CLI (v2) is required for --mwaa-env"
else
  command -v curl >/dev/null || die "curl is required for --url"
  [[ -n "$token" ]] || die "give --token TOKEN (or set AIRFLOW_TOKEN) for --url"
fi

# call PATH QUERY_JSON > response: one GET, the response body on stdout.
call() {
  local path="$1" query="$2"
  if [[ -n "$mwaa_env" ]]; then
    if (( ${#path} > 64 )); then
      echo "collect-airflow: path longer than InvokeRestApi's 64 characters: $path" >&2
      return 3
    fi
    aws mwaa invoke-rest-api --name "$mwaa_env" --path "$path" --method GET \
      --query-parameters "$query" --query RestApiResponse --output json
  else
    local args=()
    while IFS= read -r kv; do args+=(--data-urlencode "$kv"); done < <(jq -r 'to_entries[] | "\(.key)=\(.value)"' <<<"$query")
    curl -sS --fail-with-body --max-time 60 -H "Authorization: Bearer $token" -H "Accept: application/json" \
      --get "${args[@]}" "$url$path"
  fi
}

# fetch_pages KEY PATH DIR PREFIX [EXTRA_QUERY_JSON]: every page of a collection into
# DIR/PREFIXpage-NNNNN.json (flat, as the importer reads a directory's *.json files).
fetch_pages() {
  local key="$1" path="$2" dir="$3" prefix="$4" extra="${5:-}"
  [[ -n "$extra" ]] || extra='{}'
  local offset=0 page=0 size="$limit" total="" count tmp
  mkdir -p "$dir"
  tmp="$(mktemp)"
  while :; do
    local query
    query="$(jq -cn --argjson limit "$size" --argjson offset "$offset" --argjson extra "$extra" \
      '$extra + {limit: $limit, offset: $offset}')"
    if ! call "$path" "$query" >"$tmp"; then
      if (( size > 1 )); then
        size=$(( size / 2 ))
        echo "collect-airflow: $path offset $offset failed; retrying with limit $size" >&2
        continue
      fi
      rm -f "$tmp"
      die "$path offset $offset failed even with limit 1"
    fi
    jq -e --arg key "$key" 'has($key)' "$tmp" >/dev/null || { cat "$tmp" >&2; rm -f "$tmp"; die "$path: no \"$key\" in the response"; }
    count="$(jq --arg key "$key" '.[$key] | length' "$tmp")"
    total="$(jq '.total_entries // empty' "$tmp")"
    if (( count > 0 || page == 0 )); then
      mv "$tmp" "$(printf '%s/%spage-%05d.json' "$dir" "$prefix" "$page")"
      tmp="$(mktemp)"
      page=$(( page + 1 ))
    fi
    offset=$(( offset + count ))
    if (( count == 0 )) || { [[ -n "$total" ]] && (( offset >= total )); }; then break; fi
  done
  rm -f "$tmp"
  echo "collect-airflow: $path: $offset record(s) in $page page(s)${total:+ (total_entries $total)}" >&2
}

mkdir -p "$out"
date_filter='{}'
[[ -n "$since" ]] && date_filter="$(jq -cn --arg v "$since" --argjson f "$date_filter" '$f + {start_date_gte: $v}')"
[[ -n "$until_" ]] && date_filter="$(jq -cn --arg v "$until_" --argjson f "$date_filter" '$f + {start_date_lte: $v}')"

if [[ -n "$mwaa_env" ]]; then
  aws mwaa get-environment --name "$mwaa_env" --output json >"$out/environment.json"
fi

fetch_pages dags /dags "$out/dags" ""
if (( ${#dag_ids[@]} == 0 )); then
  mapfile -t dag_ids < <(jq -r '.dags[].dag_id' "$out"/dags/page-*.json)
  fetch_pages dag_runs /dags/~/dagRuns "$out/dag_runs" "" "$date_filter"
  fetch_pages task_instances /dags/~/dagRuns/~/taskInstances "$out/task_instances" "" "$date_filter"
else
  for id in "${dag_ids[@]}"; do
    fetch_pages dag_runs "/dags/$id/dagRuns" "$out/dag_runs" "$id-" "$date_filter"
    fetch_pages task_instances "/dags/$id/dagRuns/~/taskInstances" "$out/task_instances" "$id-" "$date_filter"
  done
fi
fetch_pages pools /pools "$out/pools" ""

mkdir -p "$out/tasks"
skipped=0
for id in "${dag_ids[@]}"; do
  if call "/dags/$id/tasks" '{}' >"$out/tasks/$id.json.tmp"; then
    mv "$out/tasks/$id.json.tmp" "$out/tasks/$id.json"
  else
    rm -f "$out/tasks/$id.json.tmp"
    echo "collect-airflow: skipped the tasks of DAG $id" >&2
    skipped=$(( skipped + 1 ))
  fi
done
echo "collect-airflow: tasks of ${#dag_ids[@]} DAG(s): $(( ${#dag_ids[@]} - skipped )) fetched, $skipped skipped" >&2
echo "collect-airflow: done; import with: mwaa-sim import airflow --from $out -o scenario.json" >&2
