#!/usr/bin/env bash
# Usage: scripts/ci/notify-slack.sh <failure|fixed>
# Posts the build's outcome to the CI channel through a Slack incoming webhook (the Jenkinsfile's post
# failure / fixed blocks; the webhook's channel is chosen when the webhook is created in Slack).
#   SLACK_WEBHOOK_URL   the webhook (Jenkins credential nura-slack-ci-webhook)
#   JOB_NAME, BUILD_NUMBER, BUILD_URL, BRANCH_NAME, GIT_COMMIT   set by Jenkins (each optional)
# A notification never changes the build's result, as Jenkins' slackSend without failOnError: Slack
# refusing or unreachable is a warning on stderr and exit 0. Exit 2: bad argument or no webhook.
set -euo pipefail
# shellcheck source=scripts/ci/lib.sh
. "$(dirname "$0")/lib.sh"

outcome="${1:-}"
case "$outcome" in
  failure) icon=":red_circle:" verb="failed" ;;
  fixed) icon=":large_green_circle:" verb="is back to green" ;;
  *) die "outcome must be failure or fixed, got '$outcome'" 2 ;;
esac
[ -n "${SLACK_WEBHOOK_URL:-}" ] || die "SLACK_WEBHOOK_URL is not set" 2

job="${JOB_NAME:-job}"
build="${BUILD_NUMBER:-?}"
where="${BRANCH_NAME:+ on ${BRANCH_NAME}}"
commit="${GIT_COMMIT:+ (${GIT_COMMIT:0:12})}"
link="${BUILD_URL:+ <${BUILD_URL}|build #${build}>}"
text="${icon} ${job} #${build}${where}${commit} ${verb}.${link}"
payload="$(python3 -c 'import json, sys; print(json.dumps({"text": sys.argv[1]}))' "$text")"

if answer="$(curl -sS --max-time 10 -X POST -H 'Content-Type: application/json' --data "$payload" \
  -w '\n%{http_code}' "$SLACK_WEBHOOK_URL" 2>&1)"; then
  code="${answer##*$'\n'}"
  body="${answer%$'\n'*}"
  if [ "$code" = 200 ]; then
    log "posted to Slack: $text"
    exit 0
  fi
  log "WARNING: Slack refused the notification ($code $body); the build result is unchanged"
else
  log "WARNING: Slack unreachable ($answer); the build result is unchanged"
fi
