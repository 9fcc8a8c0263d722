#!/usr/bin/env bash
# One-time, idempotent setup of a Google Cloud project for VoiceHive (run it again safely).
#
#   bash infra/setup.sh --project PROJECT --region REGION [--dry-run] [--twilio-number +1...]
#
# Without --dry-run it runs each gcloud command (creating only what is missing); with --dry-run it
# prints every command instead. Deploy the functions with cloudbuild.yaml between the two phases:
#   bash infra/setup.sh --project P --region R --phase before-deploy
#   gcloud builds submit --config cloudbuild.yaml --substitutions=_REGION=R,_PUBLIC_BASE_URL=https://R-P.cloudfunctions.net
#   bash infra/setup.sh --project P --region R --phase after-deploy --twilio-number +1...
set -euo pipefail

PROJECT="" REGION="" DRY_RUN=0 PHASE="all" TWILIO_NUMBER=""
while [ $# -gt 0 ]; do
  case "$1" in
    --project) PROJECT="$2"; shift 2 ;;
    --region) REGION="$2"; shift 2 ;;
    --dry-run) DRY_RUN=1; shift ;;
    --phase) PHASE="$2"; shift 2 ;;
    --twilio-number) TWILIO_NUMBER="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
if [ -z "$PROJECT" ] || [ -z "$REGION" ]; then
  echo "usage: bash infra/setup.sh --project PROJECT --region REGION [--dry-run] [--phase before-deploy|after-deploy|all]" >&2
  exit 2
fi
case "$PHASE" in all|before-deploy|after-deploy) ;; *) echo "unknown phase: $PHASE" >&2; exit 2 ;; esac

RUNTIME_SA="voicehive-functions@${PROJECT}.iam.gserviceaccount.com"
TASKS_SA="voicehive-tasks@${PROJECT}.iam.gserviceaccount.com"
BASE_URL="https://${REGION}-${PROJECT}.cloudfunctions.net"
QUEUE="notifications"                       # settings: TASKS_QUEUE
PRIVATE_FUNCTIONS="post_call notifications_dispatch reminders_sweep memory_replay calendar_push"   # IAM invoker: the tasks account
SWEEP_FUNCTION="reminders_sweep"
SECRETS="twilio-account-sid twilio-auth-token sendgrid-api-key sendgrid-webhook-public-key openai-api-key mem0-api-key google-calendar-client-secret google-calendar-token-key"

run() {
  # Print in dry-run; otherwise run it.
  if [ "$DRY_RUN" = 1 ]; then printf '+'; printf ' %q' "$@"; echo; else "$@"; fi
}
ensure() {
  # ensure "DESCRIBE COMMAND" CREATE COMMAND...: create only if describing fails.
  local describe="$1"; shift
  if [ "$DRY_RUN" = 1 ]; then printf '+ %s ||' "$describe"; printf ' %q' "$@"; echo; return; fi
  if ! eval "$describe" >/dev/null 2>&1; then "$@"; fi
}

before_deploy() {
  run gcloud services enable cloudfunctions.googleapis.com run.googleapis.com cloudbuild.googleapis.com \
    artifactregistry.googleapis.com firestore.googleapis.com cloudtasks.googleapis.com \
    cloudscheduler.googleapis.com secretmanager.googleapis.com iam.googleapis.com --project "$PROJECT"

  ensure "gcloud firestore databases describe --database='(default)' --project $PROJECT" \
    gcloud firestore databases create --location="$REGION" --type=firestore-native --project "$PROJECT"

  ensure "gcloud iam service-accounts describe $RUNTIME_SA --project $PROJECT" \
    gcloud iam service-accounts create voicehive-functions --display-name="VoiceHive functions" --project "$PROJECT"
  ensure "gcloud iam service-accounts describe $TASKS_SA --project $PROJECT" \
    gcloud iam service-accounts create voicehive-tasks --display-name="VoiceHive tasks and scheduler invoker" \
    --project "$PROJECT"
  for role in roles/datastore.user roles/cloudtasks.enqueuer roles/secretmanager.secretAccessor \
              roles/logging.logWriter; do
    run gcloud projects add-iam-policy-binding "$PROJECT" --member="serviceAccount:$RUNTIME_SA" --role="$role" \
      --condition=None --quiet
  done
  # The functions create tasks that carry the tasks account's OIDC token.
  run gcloud iam service-accounts add-iam-policy-binding "$TASKS_SA" --member="serviceAccount:$RUNTIME_SA" \
    --role=roles/iam.serviceAccountUser --project "$PROJECT"

  # Retries with backoff for notifications and post-call work; rate-limited like a small business needs.
  ensure "gcloud tasks queues describe $QUEUE --location $REGION --project $PROJECT" \
    gcloud tasks queues create "$QUEUE" --location "$REGION" --project "$PROJECT"
  run gcloud tasks queues update "$QUEUE" --location "$REGION" --project "$PROJECT" \
    --max-attempts=25 --min-backoff=5s --max-backoff=900s --max-doublings=6 --max-retry-duration=86400s \
    --max-dispatches-per-second=20 --max-concurrent-dispatches=20

  for secret in $SECRETS; do
    ensure "gcloud secrets describe $secret --project $PROJECT" \
      gcloud secrets create "$secret" --replication-policy=automatic --project "$PROJECT"
  done
  echo "# Add each secret's value once: printf %s VALUE | gcloud secrets versions add NAME --data-file=- --project $PROJECT"
  echo "# (openai-api-key may hold an empty value: Roxy then answers with the offline dialogue engine;"
  echo "#  mem0-api-key may hold an empty value: memories then live in Firestore alone, with vector recall;"
  echo "#  google-calendar-token-key: a Fernet key, e.g. python -c 'from cryptography.fernet import Fernet;"
  echo "#  print(Fernet.generate_key().decode())'; google-calendar-client-secret: the OAuth web client's secret)"

  # voice_relay (Cloud Run) is deployed from an image cloudbuild.yaml pushes here.
  ensure "gcloud artifacts repositories describe voicehive --location $REGION --project $PROJECT" \
    gcloud artifacts repositories create voicehive --repository-format=docker --location="$REGION" \
    --description="VoiceHive images (voice_relay)" --project "$PROJECT"

  # Indexes and rules from the repository (firebase-tools), and the TTL on expired lock cells.
  run npx --yes firebase-tools@15 deploy --only firestore:indexes,firestore:rules --project "$PROJECT" --non-interactive
  run gcloud firestore fields ttls update expire_at --collection-group=slot_locks --enable-ttl --project "$PROJECT"
}

after_deploy() {
  for function in $PRIVATE_FUNCTIONS; do
    run gcloud functions add-invoker-policy-binding "$function" --region "$REGION" --project "$PROJECT" \
      --member="serviceAccount:$TASKS_SA"
  done
  ensure "gcloud scheduler jobs describe voicehive-reminders --location $REGION --project $PROJECT" \
    gcloud scheduler jobs create http voicehive-reminders --location "$REGION" --project "$PROJECT" \
    --schedule="*/5 * * * *" --uri="$BASE_URL/$SWEEP_FUNCTION" --http-method=POST \
    --headers=Content-Type=application/json --message-body='{}' \
    --oidc-service-account-email="$TASKS_SA" --oidc-token-audience="$BASE_URL/$SWEEP_FUNCTION"

  if [ -n "$TWILIO_NUMBER" ]; then
    run twilio phone-numbers:update "$TWILIO_NUMBER" \
      --voice-url="$BASE_URL/voice_webhook" --voice-method=POST \
      --status-callback="$BASE_URL/voice_status" --status-callback-method=POST \
      --sms-url="$BASE_URL/sms_inbound" --sms-method=POST
  else
    echo "# Twilio console > Phone Numbers > your number: 'A call comes in' webhook POST $BASE_URL/voice_webhook;"
    echo "#   'Call status changes' POST $BASE_URL/voice_status; 'A message comes in' webhook POST $BASE_URL/sms_inbound"
  fi
  echo "# SendGrid > Settings > Mail Settings > Event Webhook: POST $BASE_URL/email_events, Signed Event Webhook on;"
  echo "#   put its verification key in the secret sendgrid-webhook-public-key"
  echo "# Load the business: GOOGLE_CLOUD_PROJECT=$PROJECT python -m shared.cli seed my-business.json (prints its API key)"
}

case "$PHASE" in
  before-deploy) before_deploy ;;
  after-deploy) after_deploy ;;
  all) before_deploy; after_deploy ;;
esac
