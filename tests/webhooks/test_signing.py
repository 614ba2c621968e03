import pytest
from cryptography.exceptions import InvalidTag

from ksmm.webhooks.signing import key_of, new_secret, seal, signature, signature_header, unseal
from tests.webhooks.receiver import verify

# The test vector of the Standard Webhooks reference libraries.
SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SPEC_TIMESTAMP = 1614265330
SPEC_BODY = b'{"test": 2432232314}'
SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_the_signature_is_the_one_of_the_specifications_test_vector() -> None:
    assert signature(secret=SPEC_SECRET, message_id=SPEC_ID, timestamp=SPEC_TIMESTAMP, body=SPEC_BODY) == SPEC_SIGNATURE


def test_a_secret_is_whsec_and_32_random_bytes() -> None:
    first, second = new_secret(), new_secret()
    assert first.startswith("whsec_") and len(key_of(first)) == 32
    assert first != second


def test_during_a_rotation_either_secret_verifies_the_message() -> None:
    old, new = new_secret(), new_secret()
    body = b'{"type":"case.closed"}'
    import time

    now = int(time.time())
    header = signature_header(secrets_=[new, old], message_id="msg_zh_1", timestamp=now, body=body)
    assert len(header.split(" ")) == 2
    headers = {"webhook-id": "msg_zh_1", "webhook-timestamp": str(now), "webhook-signature": header}
    assert verify(secret=old, headers=headers, body=body)
    assert verify(secret=new, headers=headers, body=body)
    assert not verify(secret=new_secret(), headers=headers, body=body)
    assert not verify(secret=new, headers=headers, body=body + b" ")


def test_a_sealed_secret_opens_only_in_its_own_canton() -> None:
    secret = new_secret()
    sealed = seal(secret, schema="zh")
    assert secret not in sealed
    assert unseal(sealed, schema="zh") == secret
    with pytest.raises(InvalidTag):
        unseal(sealed, schema="ge")
