"""Faults at the pytest level, as users see them (pytester): the teardown check for faults that never
fired, its opt-outs, marker-declared faults, and the `s3fake_no_backoff` fixture."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestAssertRewriteWarning")


def test_unfired_fault_fails_at_teardown_naming_it_and_the_opt_outs(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_it(s3fake):
            s3fake.faults.add("PutObject", "SlowDown", bucket="b", times=2)
            s3fake.faults.add("GetObject", "InternalError", optional=True)
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines([
        "*ERROR at teardown of test_it*",
        "*pytest-s3fake: 1 fault(s) never fired:*",
        "*- Fault('PutObject', SlowDown, times=2, bucket='b', hits=0)*",
        "*optional=True*check_faults=False*faults.md#unfired-faults*",
    ])
    result.stdout.no_fnmatch_line("*Fault('GetObject'*")


def test_fired_optional_removed_faults_and_check_faults_false_pass(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest
        from botocore.config import Config
        from botocore.exceptions import ClientError

        def test_fired(s3fake, s3fake_client):
            fault = s3fake.faults.add("ListBuckets", "AccessDenied", times=1)
            with pytest.raises(ClientError):
                s3fake_client.list_buckets()
            assert fault.hits == 1

        def test_optional(s3fake):
            s3fake.faults.add("ListBuckets", "AccessDenied", optional=True)

        def test_removed(s3fake):
            s3fake.faults.add("ListBuckets", "AccessDenied").remove()

        def test_cleared(s3fake):
            s3fake.faults.add("ListBuckets", "AccessDenied")
            s3fake.faults.clear()

        @pytest.mark.s3fake(check_faults=False)
        def test_check_off(s3fake):
            s3fake.faults.add("PutObject", "SlowDown")
        """
    )
    pytester.runpytest().assert_outcomes(passed=5)


def test_a_failing_test_is_not_also_blamed_for_its_faults(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_it(s3fake):
            s3fake.faults.add("PutObject", "SlowDown")
            assert False, "the test's own failure"
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.no_fnmatch_line("*never fired*")


def test_marker_declares_faults_for_the_whole_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest
        from botocore.config import Config
        from botocore.exceptions import ClientError

        @pytest.mark.s3fake(buckets=["b"], faults=[
            ("HeadBucket", "AccessDenied"),
            {"operation": "PutObject", "error": "InternalError", "key": "k", "times": 1},
        ])
        def test_it(s3fake):
            s3 = s3fake.client(config=Config(retries={"total_max_attempts": 1}))
            with pytest.raises(ClientError) as excinfo:
                s3.head_bucket(Bucket="b")
            assert excinfo.value.response["Error"]["Code"] == "403"
            with pytest.raises(ClientError) as excinfo:
                s3.put_object(Bucket="b", Key="k", Body=b"x")
            assert excinfo.value.response["Error"]["Code"] == "InternalError"
            s3.put_object(Bucket="b", Key="k", Body=b"x")
            assert [f.hits for f in s3fake.faults] == [1, 1]
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_marker_faults_are_checked_at_teardown_and_validated_at_setup(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        pytestmark = pytest.mark.s3fake(faults=[("DeleteObjects", "SlowDown")])

        def test_never_deletes(s3fake):
            pass

        @pytest.mark.s3fake(faults=[{"operation": "DeleteObjects", "error": "SlowDown", "optional": True}])
        def test_optional_here(s3fake):
            pass

        @pytest.mark.s3fake(faults=[("PutObject", "SlowDownn")])
        def test_misspelled(s3fake):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=2, errors=2)
    result.stdout.fnmatch_lines([
        "*ERROR at teardown of test_never_deletes*",
        "*Fault('DeleteObjects', SlowDown, hits=0)*",
        "*ERROR at setup of test_misspelled*",
        "*FaultSpecError: error: unknown fault 'SlowDownn'*",
    ])


def test_no_backoff_fixture_keeps_retries_and_skips_the_waits(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest
        from botocore.config import Config

        @pytest.mark.parametrize("mode", ["legacy", "standard", "adaptive"])
        def test_it(s3fake, s3fake_no_backoff, mode):
            s3fake.create_bucket("b")
            s3 = s3fake.client(config=Config(retries={"mode": mode, "total_max_attempts": 4}))
            s3fake.faults.add("PutObject", ["SlowDown", "SlowDown", "SlowDown", None])
            for key in ("k1", "k2"):
                s3fake.faults.add("PutObject", ["SlowDown", None], key=key)
            s3.put_object(Bucket="b", Key="k", Body=b"x")
            s3.put_object(Bucket="b", Key="k1", Body=b"x")
            s3.put_object(Bucket="b", Key="k2", Body=b"x")
            assert len(s3fake_no_backoff) == 5
            assert [c.attempt for c in s3fake.calls] == [1, 2, 3, 4, 1, 2, 1, 2]
        """
    )
    pytester.runpytest().assert_outcomes(passed=3)
