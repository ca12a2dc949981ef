"""The Slack emulator through slack_sdk (PyPI): WebClient with the bot token and base_url from
portal.env, and WebhookClient on the incoming webhook."""

from __future__ import annotations

import pytest
import requests
from slack_sdk import WebClient, WebhookClient
from slack_sdk.errors import SlackApiError


@pytest.fixture(scope="module")
def web(world):
    return WebClient(token=world["SLACK_BOT_TOKEN"], base_url=world["SLACK_API_URL"])


def _error(call) -> str:
    with pytest.raises(SlackApiError) as e:
        call()
    assert e.value.response["ok"] is False
    return e.value.response["error"]


def test_auth_test(web):
    r = web.auth_test()
    assert r["ok"] and r["user_id"].startswith("U") and r["bot_id"].startswith("B")


def test_bad_token_is_invalid_auth(world):
    bad = WebClient(token="xoxb-wrong", base_url=world["SLACK_API_URL"])
    assert _error(bad.auth_test) == "invalid_auth"


def test_post_update_permalink_and_thread(web):
    posted = web.chat_postMessage(channel="#nura-releases", text="promotion requested")
    channel, ts = posted["channel"], posted["ts"]
    assert channel.startswith("C") and posted["message"]["text"] == "promotion requested"
    reply = web.chat_postMessage(channel=channel, text="approved", thread_ts=ts)
    assert reply["message"]["thread_ts"] == ts
    updated = web.chat_update(channel=channel, ts=ts, text="promotion approved")
    assert updated["text"] == "promotion approved"
    link = web.chat_getPermalink(channel=channel, message_ts=ts)["permalink"]
    assert "promotion approved" in requests.get(link, timeout=10).text


def test_unknown_channel_and_not_a_member(web):
    assert _error(lambda: web.chat_postMessage(channel="#no-such-channel", text="x")) == "channel_not_found"
    assert _error(lambda: web.chat_postMessage(channel="#general", text="x")) == "not_in_channel"


def test_chat_update_wants_the_channel_id(web):
    ts = web.chat_postMessage(channel="#nura-releases", text="to edit")["ts"]
    assert _error(lambda: web.chat_update(channel="#nura-releases", ts=ts, text="edited")) == "channel_not_found"


def test_unknown_thread_and_message(web):
    channel = web.chat_postMessage(channel="#nura-infra", text="plan")["channel"]
    assert _error(lambda: web.chat_postMessage(channel=channel, text="x", thread_ts="1.000001")) == "thread_not_found"
    assert _error(lambda: web.chat_update(channel=channel, ts="1.000001", text="x")) == "message_not_found"


def test_blocks_are_checked(web):
    assert _error(lambda: web.chat_postMessage(channel="#nura-releases", blocks=[{"type": "nope"}])) == "invalid_blocks"
    assert _error(lambda: web.chat_postMessage(channel="#nura-releases", text="")) == "no_text"


def test_unknown_method_is_json(web):
    assert _error(lambda: web.api_call("chat.noSuchMethod", json={"channel": "C1"})) == "unknown_method"


def test_null_json_body_is_a_slack_error_not_a_500(world):
    r = requests.post(
        f"{world['SLACK_API_URL']}chat.postMessage",
        data="null",
        headers={"content-type": "application/json", "authorization": f"Bearer {world['SLACK_BOT_TOKEN']}"},
        timeout=10,
    )
    assert r.status_code == 200 and r.json()["ok"] is False and r.json()["error"] == "channel_not_found"


def test_incoming_webhook(world):
    hook = WebhookClient(world["SLACK_WEBHOOK_URL"])
    ok = hook.send(text="drift found in staging")
    assert ok.status_code == 200 and ok.body == "ok"
    assert hook.send(blocks=[{"type": "bogus"}]).body == "invalid_blocks"
