#!/usr/bin/env bash
# Deploys labinov to Google Cloud: Cloud Run functions (nodejs22), their service accounts and
# IAM roles, secrets from Secret Manager, Eventarc Firestore triggers, Cloud Scheduler jobs,
# Firestore rules and indexes. Safe to run again: every step creates or updates.
#
#   PROJECT_ID=labinov-prod ./deploy/deploy.sh            # deploy
#   PROJECT_ID=labinov-prod ./deploy/deploy.sh --dry-run  # print the commands only
#
# Settings (environment): PROJECT_ID (required), REGION (default asia-southeast2, Jakarta),
# FIRESTORE_LOCATION (the database's location, default REGION), SUMMARY_RECIPIENTS,
# MAIL_FROM, MAIL_TRANSPORT (smtp|gmail), GMAIL_SENDER. Secrets must exist in Secret Manager
# first (see deploy/README.md): labinov-webhook-secret, labinov-admin-token, labinov-smtp-url.
set -euo pipefail

DRY_RUN="${DRY_RUN:-0}"
for arg in "$@"; do
  case "$arg" in
    --dry-run) DRY_RUN=1 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "Argumen tidak dikenal: $arg" >&2; exit 2 ;;
  esac
done

: "${PROJECT_ID:?PROJECT_ID wajib diisi, mis. PROJECT_ID=labinov-prod}"
REGION="${REGION:-asia-southeast2}"
FIRESTORE_LOCATION="${FIRESTORE_LOCATION:-$REGION}"
MAIL_TRANSPORT="${MAIL_TRANSPORT:-smtp}"
MAIL_FROM="${MAIL_FROM:-Laboratorium Inovasi Kota Probolinggo <labinov@probolinggokota.go.id>}"
SUMMARY_RECIPIENTS="${SUMMARY_RECIPIENTS:-}"
GMAIL_SENDER="${GMAIL_SENDER:-}"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STAGE="${STAGE:-${TMPDIR:-/tmp}/labinov-deploy}"   # outside the repo: what Cloud Build receives

# Who runs what (least privilege; see deploy/README.md for why each role is needed).
SA_SYNC="labinov-sync@${PROJECT_ID}.iam.gserviceaccount.com"            # sheetEdited, formSubmitted, recordChanged, reconcileSheets, initSheets
SA_SUMMARIES="labinov-summaries@${PROJECT_ID}.iam.gserviceaccount.com"  # sendSummaries
SA_SCHEDULER="labinov-scheduler@${PROJECT_ID}.iam.gserviceaccount.com"  # Cloud Scheduler's OIDC identity
SA_EVENTS="labinov-events@${PROJECT_ID}.iam.gserviceaccount.com"        # Eventarc trigger identity

SECRET_WEBHOOK="labinov-webhook-secret"
SECRET_ADMIN="labinov-admin-token"
SECRET_SMTP="labinov-smtp-url"

# Prints a command; runs it unless this is a dry run.
run() {
  printf '+'
  printf ' %q' "$@"
  printf '\n'
  if [[ "$DRY_RUN" != "1" ]]; then "$@"; fi
}

# True when the resource a describe command names exists (always false in a dry run: print the create).
exists() {
  [[ "$DRY_RUN" != "1" ]] && "$@" >/dev/null 2>&1
}

function_url() {
  echo "https://${REGION}-${PROJECT_ID}.cloudfunctions.net/$1"
}

common_env() {
  local env="GOOGLE_CLOUD_PROJECT=${PROJECT_ID},LOG_LEVEL=info,MAIL_TRANSPORT=${MAIL_TRANSPORT}"
  env+=",SCHEDULER_SERVICE_ACCOUNT=${SA_SCHEDULER}"
  [[ -n "$GMAIL_SENDER" ]] && env+=",GMAIL_SENDER=${GMAIL_SENDER}"
  echo "$env"
}

echo "== labinov: proyek ${PROJECT_ID}, region ${REGION}, Firestore ${FIRESTORE_LOCATION}$([[ "$DRY_RUN" == "1" ]] && echo ', DRY RUN')"

echo "== 1. API yang dipakai"
run gcloud services enable --project="$PROJECT_ID" \
  cloudfunctions.googleapis.com run.googleapis.com cloudbuild.googleapis.com artifactregistry.googleapis.com \
  eventarc.googleapis.com pubsub.googleapis.com firestore.googleapis.com secretmanager.googleapis.com \
  cloudscheduler.googleapis.com sheets.googleapis.com gmail.googleapis.com iamcredentials.googleapis.com logging.googleapis.com

echo "== 2. Service account dan peran (least privilege)"
for sa in labinov-sync:"Labinov sinkron spreadsheet dan formulir" labinov-summaries:"Labinov ringkasan email" \
          labinov-scheduler:"Labinov pemanggil terjadwal" labinov-events:"Labinov pemicu Firestore"; do
  name="${sa%%:*}"; display="${sa#*:}"
  if ! exists gcloud iam service-accounts describe "${name}@${PROJECT_ID}.iam.gserviceaccount.com" --project="$PROJECT_ID"; then
    run gcloud iam service-accounts create "$name" --project="$PROJECT_ID" --display-name="$display"
  fi
done
# Firestore read/write (no narrower predefined role can write documents).
for sa in "$SA_SYNC" "$SA_SUMMARIES"; do
  run gcloud projects add-iam-policy-binding "$PROJECT_ID" --member="serviceAccount:${sa}" --role=roles/datastore.user --condition=None
done
# Eventarc: the trigger's identity must be allowed to receive events.
run gcloud projects add-iam-policy-binding "$PROJECT_ID" --member="serviceAccount:${SA_EVENTS}" --role=roles/eventarc.eventReceiver --condition=None
# Secrets: each service account reads only the secrets its functions use.
for binding in "$SECRET_WEBHOOK:$SA_SYNC" "$SECRET_ADMIN:$SA_SYNC" "$SECRET_SMTP:$SA_SYNC" "$SECRET_ADMIN:$SA_SUMMARIES" "$SECRET_SMTP:$SA_SUMMARIES"; do
  run gcloud secrets add-iam-policy-binding "${binding%%:*}" --project="$PROJECT_ID" \
    --member="serviceAccount:${binding#*:}" --role=roles/secretmanager.secretAccessor
done
if [[ "$MAIL_TRANSPORT" == "gmail" ]]; then
  # Gmail with domain-wide delegation signs its JWT through IAM Credentials (no key files).
  for sa in "$SA_SYNC" "$SA_SUMMARIES"; do
    run gcloud iam service-accounts add-iam-policy-binding "$sa" --project="$PROJECT_ID" \
      --member="serviceAccount:${sa}" --role=roles/iam.serviceAccountTokenCreator
  done
fi

echo "== 3. Firestore: rules dan index"
run npx --yes firebase-tools@13 deploy --only firestore:rules,firestore:indexes --project="$PROJECT_ID" --config="$REPO_ROOT/firebase.json" --non-interactive
run gcloud firestore fields ttls update expiresAt --collection-group=webhookSignatures --enable-ttl --project="$PROJECT_ID" --async

echo "== 4. Build: dist/ + package.json dengan main functions/index.js"
run npm --prefix "$REPO_ROOT" run build
stage() {
  # The deploy source: compiled dist/ and a package.json whose main registers every function.
  # The repo's package.json stays as it is (dev tools, no main).
  rm -rf "$STAGE" && mkdir -p "$STAGE" && cp -R "$REPO_ROOT/dist/." "$STAGE/"
  node --input-type=module - "$REPO_ROOT" "$STAGE" <<'NODE'
import { readFileSync, writeFileSync } from "node:fs";
const [root, stage] = process.argv.slice(2);
const repo = JSON.parse(readFileSync(`${root}/package.json`, "utf8"));
const deployed = {
  name: "labinov-functions", version: repo.version, private: true, type: "module",
  main: "functions/index.js", engines: { node: "22" },
  dependencies: repo.dependencies,
};
writeFileSync(`${stage}/package.json`, JSON.stringify(deployed, null, 2) + "\n");
NODE
}
run stage

deploy_function() {
  local name="$1" sa="$2" secrets="$3" env="$4"; shift 4
  run gcloud functions deploy "$name" --gen2 --project="$PROJECT_ID" --region="$REGION" --runtime=nodejs22 \
    --source="$STAGE" --entry-point="$name" --service-account="$sa" \
    --set-env-vars="$env" ${secrets:+--set-secrets="$secrets"} \
    --memory=512Mi --timeout=540s --max-instances=5 "$@"
}

echo "== 5. Fungsi"
# Called by Apps Script, which cannot present a Google ID token for our URL: open at the IAM
# layer, every request checked by its HMAC signature (src/http/auth.ts).
# sheetEdited and recordChanged mostly wait for a shared, debounced sync run: many requests per
# instance let one instance coalesce a burst instead of queueing it behind concurrency 1.
deploy_function sheetEdited "$SA_SYNC" "WEBHOOK_SECRET=${SECRET_WEBHOOK}:latest" "$(common_env)" \
  --trigger-http --allow-unauthenticated --cpu=1 --concurrency=80
deploy_function formSubmitted "$SA_SYNC" "WEBHOOK_SECRET=${SECRET_WEBHOOK}:latest,SMTP_URL=${SECRET_SMTP}:latest" \
  "$(common_env),MAIL_FROM=${MAIL_FROM}" --trigger-http --allow-unauthenticated
# Firestore writes to innovations/{id}; programs/{id} gets a second Eventarc trigger below.
deploy_function recordChanged "$SA_SYNC" "" "$(common_env)" \
  --trigger-location="$FIRESTORE_LOCATION" --trigger-service-account="$SA_EVENTS" --retry \
  --trigger-event-filters="type=google.cloud.firestore.document.v1.written" \
  --trigger-event-filters="database=(default)" \
  --trigger-event-filters-path-pattern="document=innovations/{id}" --cpu=1 --concurrency=80
# Called only by Cloud Scheduler (OIDC) or with the admin token: IAM keeps everyone else out.
deploy_function reconcileSheets "$SA_SYNC" "ADMIN_TOKEN=${SECRET_ADMIN}:latest" \
  "$(common_env),SCHEDULER_AUDIENCE=$(function_url reconcileSheets)" --trigger-http --no-allow-unauthenticated
deploy_function initSheets "$SA_SYNC" "ADMIN_TOKEN=${SECRET_ADMIN}:latest" \
  "$(common_env),SCHEDULER_AUDIENCE=$(function_url initSheets)" --trigger-http --no-allow-unauthenticated
deploy_function sendSummaries "$SA_SUMMARIES" "ADMIN_TOKEN=${SECRET_ADMIN}:latest,SMTP_URL=${SECRET_SMTP}:latest" \
  "$(common_env),MAIL_FROM=${MAIL_FROM},SUMMARY_RECIPIENTS=${SUMMARY_RECIPIENTS},SCHEDULER_AUDIENCE=$(function_url sendSummaries)" \
  --trigger-http --no-allow-unauthenticated

echo "== 6. Pemicu Firestore kedua (programs/{id}) ke layanan recordChanged"
programs_trigger=(--project="$PROJECT_ID" --location="$FIRESTORE_LOCATION"
  --event-filters="type=google.cloud.firestore.document.v1.written" --event-filters="database=(default)"
  --event-filters-path-pattern="document=programs/{id}" --service-account="$SA_EVENTS")
if exists gcloud eventarc triggers describe labinov-programs-changed --project="$PROJECT_ID" --location="$FIRESTORE_LOCATION"; then
  run gcloud eventarc triggers update labinov-programs-changed "${programs_trigger[@]}"
else
  run gcloud eventarc triggers create labinov-programs-changed "${programs_trigger[@]}" \
    --destination-run-service=recordchanged --destination-run-region="$REGION" --event-data-content-type=application/protobuf
fi

echo "== 7. Siapa boleh memanggil (run.invoker pada layanan masing-masing)"
run gcloud run services add-iam-policy-binding recordchanged --project="$PROJECT_ID" --region="$REGION" \
  --member="serviceAccount:${SA_EVENTS}" --role=roles/run.invoker
for service in reconcilesheets sendsummaries; do
  run gcloud run services add-iam-policy-binding "$service" --project="$PROJECT_ID" --region="$REGION" \
    --member="serviceAccount:${SA_SCHEDULER}" --role=roles/run.invoker
done

echo "== 8. Jadwal (Cloud Scheduler, zona Asia/Jakarta, OIDC)"
schedule_job() {
  local job="$1" cron="$2" target="$3" body="$4"
  local url; url="$(function_url "$target")"
  local common=(--project="$PROJECT_ID" --location="$REGION" --schedule="$cron" --time-zone=Asia/Jakarta
    --uri="$url" --http-method=POST --oidc-service-account-email="$SA_SCHEDULER" --oidc-token-audience="$url"
    --attempt-deadline=540s)
  [[ -n "$body" ]] && common+=(--message-body="$body")
  if exists gcloud scheduler jobs describe "$job" --project="$PROJECT_ID" --location="$REGION"; then
    run gcloud scheduler jobs update http "$job" "${common[@]}" ${body:+--update-headers=Content-Type=application/json}
  else
    run gcloud scheduler jobs create http "$job" "${common[@]}" ${body:+--headers=Content-Type=application/json}
  fi
}
schedule_job labinov-reconcile "*/15 * * * *" reconcileSheets ""
schedule_job labinov-summaries-weekly "0 7 * * 1" sendSummaries '{"kind":"weekly"}'
schedule_job labinov-summaries-monthly "0 7 1 * *" sendSummaries '{"kind":"monthly"}'

echo "== Selesai. Bagikan setiap spreadsheet unit (Editor) ke ${SA_SYNC}."
echo "   Alamat untuk Apps Script: $(function_url sheetEdited) dan $(function_url formSubmitted)"
