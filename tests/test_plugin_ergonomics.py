"""Issue 18 as users write it, through pytester: decorators, unittest, wider scopes with reset, moto side by
side, and chaos runs."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestAssertRewriteWarning")


@pytest.fixture(autouse=True)
def _credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dummy credentials for code outside the fixtures (setUpClass, decorated functions)."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")


def test_test_case_with_set_up_class_as_ported_from_moto(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import unittest
        import boto3
        from pytest_s3fake import S3Fake, mock_s3

        @mock_s3()
        class TestReports(unittest.TestCase):
            @classmethod
            def setUpClass(cls):
                cls.client = boto3.client("s3", region_name="us-east-1")
                cls.client.create_bucket(Bucket="reports")
                cls.client.put_object(Bucket="reports", Key="seed.csv", Body=b"a,b")

            def setUp(self):
                self.client.put_object(Bucket="reports", Key="from-setup", Body=b"x")

            def test_sees_class_and_setup_state(self):
                assert isinstance(self.s3fake, S3Fake) and self.s3fake.started
                keys = [o["Key"] for o in self.client.list_objects_v2(Bucket="reports")["Contents"]]
                assert keys == ["from-setup", "seed.csv"]
                self.client.put_object(Bucket="reports", Key="written-by-one-test", Body=b"y")

            def test_does_not_see_another_tests_writes(self):
                keys = [o["Key"] for o in self.client.list_objects_v2(Bucket="reports")["Contents"]]
                assert "written-by-one-test" not in keys

            @classmethod
            def tearDownClass(cls):
                # Still inside the class-wide fake: what setUpClass made is there.
                assert cls.client.head_bucket(Bucket="reports")["ResponseMetadata"]["HTTPStatusCode"] == 200
        """
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=2)


def test_decorated_functions_sync_and_async_get_a_fresh_fake_per_call(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import asyncio
        import boto3
        from pytest_s3fake import active_fake, mock_s3

        @mock_s3(region="eu-west-1")
        def make_bucket():
            client = boto3.client("s3", region_name="eu-west-1")
            before = [b["Name"] for b in client.list_buckets()["Buckets"]]
            client.create_bucket(Bucket="bkt", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
            return before, active_fake()

        @mock_s3()
        async def async_body():
            await asyncio.sleep(0)
            client = boto3.client("s3", region_name="us-east-1")
            client.create_bucket(Bucket="async-bucket")
            return [b["Name"] for b in client.list_buckets()["Buckets"]]

        def test_function():
            first, fake1 = make_bucket()
            second, fake2 = make_bucket()
            assert first == second == [] and fake1 is not fake2 and fake1.region == "eu-west-1"
            assert not fake1.started and "bkt" in [b.name for b in fake1.store.buckets()]

        def test_coroutine():
            assert asyncio.run(async_body()) == ["async-bucket"]

        @mock_s3()
        class TestPlain:
            def test_method(self):
                boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="plain")
                assert [b.name for b in active_fake().store.buckets()] == ["plain"]

        def test_bad_option_fails_at_decoration():
            import pytest
            with pytest.raises(TypeError):
                mock_s3(regoin="x")
        """
    )
    pytester.runpytest().assert_outcomes(passed=4)


def test_module_scoped_fake_with_reset_between_tests(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        pytestmark = pytest.mark.s3fake(region="eu-central-1")

        @pytest.fixture(scope="module")
        def catalog(s3fake_module):
            client = s3fake_module.client()
            client.create_bucket(Bucket="catalog",
                                 CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
            return client

        def test_first(catalog, s3fake_module):
            catalog.put_object(Bucket="catalog", Key="one", Body=b"1")
            assert s3fake_module.region == "eu-central-1"
            assert len(s3fake_module.calls) == 2

        def test_second_sees_the_first(catalog):
            assert [o["Key"] for o in catalog.list_objects_v2(Bucket="catalog")["Contents"]] == ["one"]

        def test_reset_empties_everything(catalog, s3fake_module):
            s3fake_module.faults.add("PutObject", "SlowDown", optional=True)
            s3fake_module.reset()
            assert catalog.list_buckets()["Buckets"] == []
            assert len(s3fake_module.faults) == 0 and len(s3fake_module.calls) == 1
            catalog.create_bucket(Bucket="again", CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
            catalog.put_object(Bucket="again", Key="k", Body=b"x")  # the SlowDown fault is gone too
        """
    )
    pytester.runpytest().assert_outcomes(passed=3)


def test_session_fake_is_shared_and_function_fake_wins_inside_a_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_a="""
        def test_a(s3fake_session):
            s3fake_session.client().create_bucket(Bucket="session-bucket")
        """,
        test_b="""
        def test_b(s3fake_session):
            assert [b["Name"] for b in s3fake_session.client().list_buckets()["Buckets"]] == ["session-bucket"]

        def test_c(s3fake_session, s3fake):
            # The function-scoped fake was started last, so it answers while the test runs.
            assert s3fake.client().list_buckets()["Buckets"] == []
        """,
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=3)


def test_moto_answers_other_services_while_the_fake_answers_s3(pytester: pytest.Pytester) -> None:
    pytest.importorskip("moto")
    pytester.makepyfile(
        """
        import boto3
        from moto import mock_aws

        def test_side_by_side(s3fake):
            with mock_aws():
                sqs = boto3.client("sqs", region_name="us-east-1")
                queue = sqs.create_queue(QueueName="q")["QueueUrl"]
                s3 = boto3.client("s3", region_name="us-east-1")
                s3.create_bucket(Bucket="ours")
                sqs.send_message(QueueUrl=queue, MessageBody="hi")
                assert sqs.receive_message(QueueUrl=queue)["Messages"][0]["Body"] == "hi"
                # S3 went to the fake, not to moto.
                assert [b.name for b in s3fake.store.buckets()] == ["ours"]
                from moto.s3.models import s3_backends
                assert not s3_backends["123456789012"]["global"].buckets

        def test_pure_moto_test_in_no_network_mode():
            with mock_aws():
                s3 = boto3.client("s3", region_name="us-east-1")
                s3.create_bucket(Bucket="moto-only")
                assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["moto-only"]
        """
    )
    pytester.runpytest("--s3fake-no-network").assert_outcomes(passed=2)


CHAOS_SUITE = """
import boto3
from botocore.config import Config

def test_without_retries(s3fake):
    client = s3fake.client(config=Config(retries={"total_max_attempts": 1}))
    client.create_bucket(Bucket="bkt")
    for i in range(20):
        client.put_object(Bucket="bkt", Key=f"k{i}", Body=b"x")

def test_with_retries(s3fake):
    client = s3fake.client(config=Config(retries={"mode": "standard", "total_max_attempts": 30}))
    s3fake.create_bucket("bkt")
    for i in range(20):
        client.put_object(Bucket="bkt", Key=f"k{i}", Body=b"x")
    assert client.get_object(Bucket="bkt", Key="k3")["Body"].read() == b"x"
"""


def test_chaos_run_reports_the_non_retrying_test_with_a_rerun_command(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_chaos=CHAOS_SUITE)
    result = pytester.runpytest("--s3fake-chaos=0.3:1234", "-p", "no:randomly")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        "s3fake chaos: rate 0.3, seed 1234 (--s3fake-chaos=0.3:1234)",
        "*s3fake chaos*",
        "1 test(s) failed while chaos faults fired on them*",
        "test_chaos.py::test_without_retries",
        "    *: *",
        "    rerun: pytest --s3fake-chaos=0.3:1234 'test_chaos.py::test_without_retries'",
    ])
    # The same seed repeats the same faults: the rerun fails the same way.
    again = pytester.runpytest("--s3fake-chaos=0.3:1234", "test_chaos.py::test_without_retries")
    again.assert_outcomes(failed=1)
    first = [line for line in result.stdout.lines if line.startswith("    ") and ": " in line and "rerun" not in line]
    second = [line for line in again.stdout.lines if line.startswith("    ") and ": " in line and "rerun" not in line]
    assert first and first == second
    # Without chaos, both pass.
    pytester.runpytest().assert_outcomes(passed=2)


def test_chaos_option_is_checked(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_x(): pass")
    result = pytester.runpytest("--s3fake-chaos=2")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--s3fake-chaos: RATE must be in (0, 1]*"])
