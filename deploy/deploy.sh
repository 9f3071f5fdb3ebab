#!/usr/bin/env bash
# Deploys labinov to Google Cloud: Cloud Run functions (nodejs22), their service accounts and
# IAM roles, secrets from Secret Manager, Eventarc Firestore triggers, Cloud Scheduler jobs,
# Firestore rules and indexes. Safe to run again: every step creates or updates.
#
#   PROJECT_ID=labinov-prod ./deploy/deploy.sh            # deploy
#   PROJECT_ID=labinov-prod ./deploy/deploy.sh --dry-run  # print the commands only (a script you can paste)
#
# Settings (environment): PROJECT_ID (required), REGION (default asia-southeast2, Jakarta),
# FIRESTORE_LOCATION (the database's location, default REGION), SUMMARY_RECIPIENTS,
# SUMMARY_COORDINATORS, CONFIRMATION_EMAIL_DOMAINS, STALLED_AFTER_DAYS, SHEETS_REQUESTS_PER_MINUTE
# (each left at the functions' default when unset; README's configuration table),
# MAIL_FROM, MAIL_TRANSPORT (smtp|gmail), GMAIL_SENDER, ADMIN_MEMBERS (who may call the closed
# functions, e.g. "user:it@probolinggokota.go.id,group:tik@probolinggokota.go.id"). Secrets must
# exist in Secret Manager first (see deploy/README.md): labinov-webhook-secret,
# labinov-admin-token, labinov-smtp-url. Needs `gcloud auth login` and Application Default
# Credentials (`gcloud auth application-default login`) or `firebase login` for firebase-tools.
set -euo pipefail

DRY_RUN="${DRY_RUN:-0}"
for arg in "$@"; do
  case "$arg" in
    --dry-run) DRY_RUN=1 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "Argumen tidak dikenal: $arg" >&2; exit 2 ;;
  esac
done

: "${PROJECT_ID:?PROJECT_ID wajib diisi, mis. PROJECT_ID=labinov-prod}"
REGION="${REGION:-asia-southeast2}"
FIRESTORE_LOCATION="${FIRESTORE_LOCATION:-$REGION}"
MAIL_TRANSPORT="${MAIL_TRANSPORT:-smtp}"
MAIL_FROM="${MAIL_FROM:-Laboratorium Inovasi Kota Probolinggo <labinov@probolinggokota.go.id>}"
SUMMARY_RECIPIENTS="${SUMMARY_RECIPIENTS:-}"
SUMMARY_COORDINATORS="${SUMMARY_COORDINATORS:-}"
GMAIL_SENDER="${GMAIL_SENDER:-}"
ADMIN_MEMBERS="${ADMIN_MEMBERS:-}"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The syncing functions' memory, V8 heap size and vCPU (SYNC_MEMORY, SYNC_NODE_OPTIONS, SYNC_CPU), shared with the sync bench.
# shellcheck source=deploy/sync-instance.env
source "$REPO_ROOT/deploy/sync-instance.env"
STAGE="${STAGE:-${TMPDIR:-/tmp}/labinov-deploy}"   # outside the repo: what Cloud Build receives

# Who runs what (least privilege; see deploy/README.md for why each role is needed).
SA_SYNC="labinov-sync@${PROJECT_ID}.iam.gserviceaccount.com"            # sheetEdited, formSubmitted, recordChanged, syncRequested, reconcileSheets, initSheets
SA_MAIL="labinov-summaries@${PROJECT_ID}.iam.gserviceaccount.com"       # the one identity that sends mail: sendSummaries, mailQueued
SA_SCHEDULER="labinov-scheduler@${PROJECT_ID}.iam.gserviceaccount.com"  # Cloud Scheduler's OIDC identity
SA_EVENTS="labinov-events@${PROJECT_ID}.iam.gserviceaccount.com"        # Eventarc trigger identity
SA_BUILD="labinov-build@${PROJECT_ID}.iam.gserviceaccount.com"          # Cloud Build, building the functions

SECRET_WEBHOOK="labinov-webhook-secret"
SECRET_ADMIN="labinov-admin-token"
SECRET_SMTP="labinov-smtp-url"

# Every line this script prints is either a comment or a command that runs as printed, so the
# dry run's output can be read, reviewed and pasted into a shell.
say() { echo "# $*"; }
quoted() { local line; printf -v line ' %q' "$@"; echo "${line:1}"; }

# Prints a command; runs it unless this is a dry run.
run() {
  quoted "$@"
  if [[ "$DRY_RUN" != "1" ]]; then "$@"; fi
}

# Update when the resource exists, else create. Arguments: names of three arrays (describe,
# update, create). The dry run cannot know which applies: it prints both as one if-line.
upsert() {
  local -n describe_cmd="$1" update_cmd="$2" create_cmd="$3"
  if [[ "$DRY_RUN" == "1" ]]; then
    echo "if $(quoted "${describe_cmd[@]}") >/dev/null 2>&1; then $(quoted "${update_cmd[@]}"); else $(quoted "${create_cmd[@]}"); fi"
  elif "${describe_cmd[@]}" >/dev/null 2>&1; then
    run "${update_cmd[@]}"
  else
    run "${create_cmd[@]}"
  fi
}

# Create when missing; nothing to update.
ensure() {
  local -n check_cmd="$1" make_cmd="$2"
  if [[ "$DRY_RUN" == "1" ]]; then
    echo "$(quoted "${check_cmd[@]}") >/dev/null 2>&1 || $(quoted "${make_cmd[@]}")"
  elif ! "${check_cmd[@]}" >/dev/null 2>&1; then
    run "${make_cmd[@]}"
  fi
}

function_url() {
  echo "https://${REGION}-${PROJECT_ID}.cloudfunctions.net/$1"
}

# --set-env-vars splits on commas; MAIL_FROM and SUMMARY_RECIPIENTS may hold commas. gcloud's
# own escaping (`gcloud topic escaping`): a leading ^@@^ makes "@@" the separator instead.
ENV_SEPARATOR="@@"
for name in PROJECT_ID MAIL_FROM SUMMARY_RECIPIENTS SUMMARY_COORDINATORS CONFIRMATION_EMAIL_DOMAINS GMAIL_SENDER; do
  if [[ "${!name:-}" == *"$ENV_SEPARATOR"* || "${!name:-}" == *"@" ]]; then
    echo "Nilai ${name} tidak boleh berisi \"${ENV_SEPARATOR}\" atau berakhir dengan \"@\" (pemisah variabel untuk gcloud)." >&2
    exit 2
  fi
done
env_vars() {
  local pair joined=""
  for pair in "$@"; do joined+="${joined:+$ENV_SEPARATOR}${pair}"; done
  echo "^${ENV_SEPARATOR}^${joined}"
}

common_env=(GOOGLE_CLOUD_PROJECT="$PROJECT_ID" LOG_LEVEL=info MAIL_TRANSPORT="$MAIL_TRANSPORT" SCHEDULER_SERVICE_ACCOUNT="$SA_SCHEDULER")
[[ -n "$GMAIL_SENDER" ]] && common_env+=(GMAIL_SENDER="$GMAIL_SENDER")
# NODE_ENV=production: the Functions Framework then keeps an error's message out of a 500 body.
common_env+=(NODE_ENV=production)
# Optional settings go to every function only when set, so an unset one keeps the code's default.
for name in CONFIRMATION_EMAIL_DOMAINS STALLED_AFTER_DAYS SHEETS_REQUESTS_PER_MINUTE; do
  if [[ -n "${!name+set}" ]]; then common_env+=("${name}=${!name}"); fi
done

say "== labinov: proyek ${PROJECT_ID}, region ${REGION}, Firestore ${FIRESTORE_LOCATION}$([[ "$DRY_RUN" == "1" ]] && echo ', DRY RUN: perintah di bawah ini dapat ditempel ke shell')"

say "== 0. Login: gcloud untuk perintah gcloud; firebase-tools (langkah 3) memakai Application Default Credentials atau 'firebase login'"
if [[ "$DRY_RUN" != "1" && -z "${GOOGLE_APPLICATION_CREDENTIALS:-}" ]] \
   && ! npx --yes firebase-tools@13 login:list 2>/dev/null | grep -q '@' \
   && ! gcloud auth application-default print-access-token >/dev/null 2>&1; then
  echo "firebase-tools tidak memakai login gcloud. Jalankan dulu: npx firebase-tools@13 login (atau: gcloud auth application-default login)" >&2
  exit 1
fi

say "== 1. API yang dipakai (Eventarc Publishing: prasyarat pemicu Firestore; IAM: akun build)"
run gcloud services enable --project="$PROJECT_ID" \
  cloudfunctions.googleapis.com run.googleapis.com cloudbuild.googleapis.com artifactregistry.googleapis.com \
  eventarc.googleapis.com eventarcpublishing.googleapis.com pubsub.googleapis.com firestore.googleapis.com \
  secretmanager.googleapis.com cloudscheduler.googleapis.com sheets.googleapis.com gmail.googleapis.com \
  iam.googleapis.com iamcredentials.googleapis.com logging.googleapis.com

say "== 2. Service account dan peran (least privilege)"
for sa in labinov-sync:"Labinov sinkron spreadsheet dan formulir" labinov-summaries:"Labinov pengirim email" \
          labinov-scheduler:"Labinov pemanggil terjadwal" labinov-events:"Labinov pemicu Firestore" \
          labinov-build:"Labinov build fungsi (Cloud Build)"; do
  name="${sa%%:*}"; display="${sa#*:}"
  # shellcheck disable=SC2034 # used through ensure's namerefs
  check=(gcloud iam service-accounts describe "${name}@${PROJECT_ID}.iam.gserviceaccount.com" --project="$PROJECT_ID")
  # shellcheck disable=SC2034
  make=(gcloud iam service-accounts create "$name" --project="$PROJECT_ID" --display-name="$display")
  ensure check make
done
# Firestore read/write (no narrower predefined role can write documents).
for sa in "$SA_SYNC" "$SA_MAIL"; do
  run gcloud projects add-iam-policy-binding "$PROJECT_ID" --member="serviceAccount:${sa}" --role=roles/datastore.user --condition=None
done
# Eventarc: the trigger's identity must be allowed to receive events.
run gcloud projects add-iam-policy-binding "$PROJECT_ID" --member="serviceAccount:${SA_EVENTS}" --role=roles/eventarc.eventReceiver --condition=None
# The build account: write build logs, push the image, read the uploaded source (Google's
# "Custom service account for Cloud Build" page lists exactly these).
for role in roles/logging.logWriter roles/artifactregistry.writer roles/storage.objectAdmin; do
  run gcloud projects add-iam-policy-binding "$PROJECT_ID" --member="serviceAccount:${SA_BUILD}" --role="$role" --condition=None
done
# Secrets: each service account reads only the secrets its functions use.
for binding in "$SECRET_WEBHOOK:$SA_SYNC" "$SECRET_ADMIN:$SA_SYNC" "$SECRET_ADMIN:$SA_MAIL" "$SECRET_SMTP:$SA_MAIL"; do
  run gcloud secrets add-iam-policy-binding "${binding%%:*}" --project="$PROJECT_ID" \
    --member="serviceAccount:${binding#*:}" --role=roles/secretmanager.secretAccessor
done
if [[ "$MAIL_TRANSPORT" == "gmail" ]]; then
  # Gmail with domain-wide delegation signs its JWT through IAM Credentials (no key files).
  # Only the mail identity sends, so one delegation in the Admin console covers all mail.
  run gcloud iam service-accounts add-iam-policy-binding "$SA_MAIL" --project="$PROJECT_ID" \
    --member="serviceAccount:${SA_MAIL}" --role=roles/iam.serviceAccountTokenCreator
fi

say "== 3. Firestore: rules, index, TTL"
run npx --yes firebase-tools@13 deploy --only firestore:rules,firestore:indexes --project="$PROJECT_ID" --config="$REPO_ROOT/firebase.json" --non-interactive
run gcloud firestore fields ttls update expiresAt --collection-group=webhookSignatures --enable-ttl --project="$PROJECT_ID" --async

say "== 4. Build: satu folder per fungsi (esbuild), berisi kode fungsi itu saja dan paket yang dipakainya; yang dipasang hanya Functions Framework"
# The same folders `npm run bench` times for cold starts (deploy/bundle.mjs, bench/coldStart.ts).
run rm -rf "$STAGE"
run mkdir -p "$STAGE"
run node "$REPO_ROOT/deploy/bundle.mjs" "$REPO_ROOT" "$STAGE"

deploy_function() {
  local name="$1" sa="$2" secrets="$3" env="$4"; shift 4
  local memory=512Mi
  # The functions that run the sync: the instance of deploy/sync-instance.env, V8 told its heap size.
  case "$name" in
    reconcileSheets|syncRequested|recordChanged|initSheets) memory="$SYNC_MEMORY"; env+="${ENV_SEPARATOR}NODE_OPTIONS=${SYNC_NODE_OPTIONS}" ;;
  esac
  run gcloud functions deploy "$name" --gen2 --project="$PROJECT_ID" --region="$REGION" --runtime=nodejs22 \
    --source="$STAGE/$name" --entry-point="$name" --service-account="$sa" \
    --build-service-account="projects/${PROJECT_ID}/serviceAccounts/${SA_BUILD}" \
    --set-env-vars="$env" ${secrets:+--set-secrets="$secrets"} \
    --memory="$memory" --timeout=540s --max-instances=5 "$@"
}

# Eventarc Firestore trigger flags for one document pattern (into TRIGGER); retried until handled.
firestore_trigger() {
  TRIGGER=(--trigger-location="$FIRESTORE_LOCATION" --trigger-service-account="$SA_EVENTS" --retry
    --trigger-event-filters="type=google.cloud.firestore.document.v1.written"
    --trigger-event-filters="database=(default)"
    --trigger-event-filters-path-pattern="document=$1")
}

say "== 5. Fungsi"
# Called by Apps Script, which cannot present a Google ID token for our URL: open at the IAM
# layer, every request checked by its HMAC signature (src/http/auth.ts). Both answer as soon
# as the notice is stored; the work runs in the Firestore-triggered functions below.
deploy_function sheetEdited "$SA_SYNC" "WEBHOOK_SECRET=${SECRET_WEBHOOK}:latest" "$(env_vars "${common_env[@]}")" \
  --trigger-http --allow-unauthenticated --cpu=1 --concurrency=80
deploy_function formSubmitted "$SA_SYNC" "WEBHOOK_SECRET=${SECRET_WEBHOOK}:latest" "$(env_vars "${common_env[@]}")" \
  --trigger-http --allow-unauthenticated --cpu=1 --concurrency=80
# Firestore triggers (Eventarc, protobuf data, retried): many events wait for one shared,
# debounced sync run, so many requests per instance.
firestore_trigger 'innovations/{id}'
deploy_function recordChanged "$SA_SYNC" "" "$(env_vars "${common_env[@]}")" "${TRIGGER[@]}" --cpu=1 --concurrency=80
firestore_trigger 'sheetSyncRequests/{spreadsheetId}'
deploy_function syncRequested "$SA_SYNC" "" "$(env_vars "${common_env[@]}")" "${TRIGGER[@]}" --cpu=1 --concurrency=80
firestore_trigger 'mailOutbox/{id}'
deploy_function mailQueued "$SA_MAIL" "SMTP_URL=${SECRET_SMTP}:latest" "$(env_vars "${common_env[@]}" MAIL_FROM="$MAIL_FROM")" "${TRIGGER[@]}"
# Closed at IAM: Cloud Scheduler (OIDC) or an admin with run.invoker, then the admin token.
deploy_function reconcileSheets "$SA_SYNC" "ADMIN_TOKEN=${SECRET_ADMIN}:latest" \
  "$(env_vars "${common_env[@]}" SCHEDULER_AUDIENCE="$(function_url reconcileSheets)")" --trigger-http --no-allow-unauthenticated --cpu="$SYNC_CPU"
deploy_function initSheets "$SA_SYNC" "ADMIN_TOKEN=${SECRET_ADMIN}:latest" \
  "$(env_vars "${common_env[@]}" SCHEDULER_AUDIENCE="$(function_url initSheets)")" --trigger-http --no-allow-unauthenticated --cpu="$SYNC_CPU"
deploy_function sendSummaries "$SA_MAIL" "ADMIN_TOKEN=${SECRET_ADMIN}:latest,SMTP_URL=${SECRET_SMTP}:latest" \
  "$(env_vars "${common_env[@]}" MAIL_FROM="$MAIL_FROM" SUMMARY_RECIPIENTS="$SUMMARY_RECIPIENTS" SUMMARY_COORDINATORS="$SUMMARY_COORDINATORS" SCHEDULER_AUDIENCE="$(function_url sendSummaries)")" \
  --trigger-http --no-allow-unauthenticated

say "== 6. Pemicu Firestore lain (programs/{id}, iidEvidence/{id}) ke layanan recordChanged"
# A function has one trigger; the other collections recordChanged syncs get their own Eventarc
# triggers onto the same Cloud Run service (src/events/recordChange.ts SYNCED_COLLECTIONS).
record_trigger() {
  local name="$1" pattern="$2"
  local trigger=(--project="$PROJECT_ID" --location="$FIRESTORE_LOCATION"
    --event-filters="type=google.cloud.firestore.document.v1.written" --event-filters="database=(default)"
    --event-filters-path-pattern="document=$pattern" --service-account="$SA_EVENTS")
  # shellcheck disable=SC2034 # used through upsert's namerefs
  local describe_trigger=(gcloud eventarc triggers describe "$name" --project="$PROJECT_ID" --location="$FIRESTORE_LOCATION")
  # shellcheck disable=SC2034
  local update_trigger=(gcloud eventarc triggers update "$name" "${trigger[@]}")
  # shellcheck disable=SC2034
  local create_trigger=(gcloud eventarc triggers create "$name" "${trigger[@]}"
    --destination-run-service=recordchanged --destination-run-region="$REGION" --event-data-content-type=application/protobuf)
  upsert describe_trigger update_trigger create_trigger
}
record_trigger labinov-programs-changed 'programs/{id}'
record_trigger labinov-iid-evidence-changed 'iidEvidence/{id}'

say "== 7. Siapa boleh memanggil (run.invoker pada layanan masing-masing)"
for service in recordchanged syncrequested mailqueued; do
  run gcloud run services add-iam-policy-binding "$service" --project="$PROJECT_ID" --region="$REGION" \
    --member="serviceAccount:${SA_EVENTS}" --role=roles/run.invoker
done
for service in reconcilesheets sendsummaries; do
  run gcloud run services add-iam-policy-binding "$service" --project="$PROJECT_ID" --region="$REGION" \
    --member="serviceAccount:${SA_SCHEDULER}" --role=roles/run.invoker
done
# The IT admins who call reconcileSheets/initSheets/sendSummaries by hand (ID token in X-Serverless-Authorization).
IFS=',' read -r -a admins <<< "$ADMIN_MEMBERS"
for member in "${admins[@]}"; do
  for service in reconcilesheets initsheets sendsummaries; do
    run gcloud run services add-iam-policy-binding "$service" --project="$PROJECT_ID" --region="$REGION" --member="$member" --role=roles/run.invoker
  done
done

say "== 8. Jadwal (Cloud Scheduler, zona Asia/Jakarta, OIDC, dicoba ulang dengan jeda bila gagal)"
schedule_job() {
  local job="$1" cron="$2" target="$3" body="$4" retries="$5"
  local url; url="$(function_url "$target")"
  # Scheduler's default is no retry: a failed summary would wait a week. The ledgers make a retry safe.
  local common=(--project="$PROJECT_ID" --location="$REGION" --schedule="$cron" --time-zone=Asia/Jakarta
    --uri="$url" --http-method=POST --oidc-service-account-email="$SA_SCHEDULER" --oidc-token-audience="$url"
    --attempt-deadline=540s --max-retry-attempts="$retries" --min-backoff=60s --max-backoff=900s --max-doublings=4)
  [[ -n "$body" ]] && common+=(--message-body="$body")
  # shellcheck disable=SC2034 # used through upsert's namerefs
  local describe_job=(gcloud scheduler jobs describe "$job" --project="$PROJECT_ID" --location="$REGION")
  # shellcheck disable=SC2034
  local update_job=(gcloud scheduler jobs update http "$job" "${common[@]}" ${body:+--update-headers=Content-Type=application/json})
  # shellcheck disable=SC2034
  local create_job=(gcloud scheduler jobs create http "$job" "${common[@]}" ${body:+--headers=Content-Type=application/json})
  upsert describe_job update_job create_job
}
schedule_job labinov-reconcile "*/15 * * * *" reconcileSheets "" 2
schedule_job labinov-summaries-weekly "0 7 * * 1" sendSummaries '{"kind":"weekly"}' 5
schedule_job labinov-summaries-monthly "0 7 1 * *" sendSummaries '{"kind":"monthly"}' 5
schedule_job labinov-mail-outbox "*/15 * * * *" sendSummaries '{"kind":"outbox"}' 2

say "== Selesai. Bagikan setiap spreadsheet unit (Editor) ke ${SA_SYNC}."
say "   Alamat untuk Apps Script: $(function_url sheetEdited) dan $(function_url formSubmitted)"
