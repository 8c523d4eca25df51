import logging

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from motcua.notifications.sms import configured_sms_provider


def test_log_provider_is_the_default_and_logs_the_message(caplog: pytest.LogCaptureFixture) -> None:
    provider = configured_sms_provider()
    with caplog.at_level(logging.INFO, logger="motcua.notifications.sms"):
        receipt = provider.send("0912345678", "Hồ sơ của bạn đã được tiếp nhận.")
    assert receipt.provider == "log"
    assert "0912345678" in caplog.text
    assert "Hồ sơ của bạn đã được tiếp nhận." in caplog.text


@override_settings(SMS_PROVIDER="carrier-pigeon")
def test_unknown_provider_is_named_with_the_known_ones() -> None:
    with pytest.raises(ImproperlyConfigured, match=r"carrier-pigeon.*known: (.*, )?log\b"):
        configured_sms_provider()
