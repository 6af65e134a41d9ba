"""No-network mode blocks every socket connection beyond loopback, not only botocore's (issue 13 item 5)."""

from __future__ import annotations

import socket

import pytest

from pytest_s3fake.netguard import Guard, NetworkBlockedError

pytestmark = pytest.mark.fake_only


def test_the_guard_refuses_non_loopback_and_allows_loopback() -> None:
    guard = Guard()
    guard.on()
    try:
        with socket.socket() as sock, pytest.raises(NetworkBlockedError, match=r"S3Fake\.serve"):
            sock.connect(("169.254.169.254", 80))
        with socket.socket() as sock, pytest.raises(NetworkBlockedError):
            sock.connect_ex(("52.216.0.1", 443))
        with pytest.raises(NetworkBlockedError):
            socket.getaddrinfo("bkt.s3.amazonaws.com", 443)
        assert socket.getaddrinfo("localhost", 80)
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", 9)) != 0  # reached the OS: refused there, not by us
    finally:
        guard.off()
    assert guard.refused == [("169.254.169.254", 80), ("52.216.0.1", 443), ("bkt.s3.amazonaws.com", 443)]


def test_no_network_mode_blocks_a_presigned_url_fetched_with_urllib(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import urllib.request

        def test_presigned(s3fake, s3fake_client):
            s3fake_client.create_bucket(Bucket="bkt")
            url = s3fake_client.generate_presigned_url("get_object", Params={"Bucket": "bkt", "Key": "k"})
            urllib.request.urlopen(url, timeout=5)
        """
    )
    result = pytester.runpytest_subprocess("--s3fake-no-network", "-p", "no:randomly")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*no-network mode refuses connections to*only loopback is allowed*"])
