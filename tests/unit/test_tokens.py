import hashlib

from chalicelib.domain.tokens import looks_like_token, new_token, token_hash


def test_a_token_has_at_least_128_bits_and_only_its_hash_is_kept():
    token, digest = new_token()
    assert len(token) >= 22  # 128 bits in base64url
    assert digest == hashlib.sha256(token.encode()).hexdigest()
    assert token not in digest


def test_tokens_do_not_repeat():
    assert len({new_token()[0] for _ in range(1000)}) == 1000


def test_the_shape_check_refuses_garbage_before_any_lookup():
    assert looks_like_token(new_token()[0])
    assert not looks_like_token("short")
    assert not looks_like_token("x" * 43 + "/")
    assert token_hash("a") != token_hash("b")
