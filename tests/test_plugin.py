"""The pytest surface as users see it, through pytester: fixtures, marker, options, no-network mode."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestAssertRewriteWarning")


def test_fixtures_give_an_active_fake_and_a_client(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from pytest_s3fake import S3Fake

        def test_it(s3fake, s3fake_client):
            assert isinstance(s3fake, S3Fake) and s3fake.started
            s3fake_client.create_bucket(Bucket="my-bucket")
            s3fake_client.put_object(Bucket="my-bucket", Key="k", Body=b"v")
            assert s3fake.store.bucket("my-bucket").current("k").body == b"v"
            assert s3fake_client.meta.region_name == "us-east-1"
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_state_does_not_leak_between_tests(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_first(s3fake_client):
            s3fake_client.create_bucket(Bucket="leaky-bucket")

        def test_second(s3fake_client):
            assert s3fake_client.list_buckets()["Buckets"] == []
        """
    )
    pytester.runpytest().assert_outcomes(passed=2)


def test_bucket_factory(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_it(s3fake_bucket, s3fake_client):
            plain = s3fake_bucket()
            versioned = s3fake_bucket(versioning=True)
            assert plain != versioned
            status = s3fake_client.get_bucket_versioning(Bucket=versioned)["Status"]
            assert status == "Enabled"
            assert "Status" not in s3fake_client.get_bucket_versioning(Bucket=plain)
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_marker_turns_the_fake_on_and_passes_options(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3, pytest

        pytestmark = pytest.mark.s3fake(region="eu-west-1", buckets=["module-bucket"])

        @pytest.mark.s3fake(versioning=True)
        def test_marker_merges_closest_wins():
            client = boto3.client("s3")
            assert client.meta.region_name == "eu-west-1"
            assert client.get_bucket_versioning(Bucket="module-bucket")["Status"] == "Enabled"
            put = client.put_object(Bucket="module-bucket", Key="k", Body=b"1")
            assert put["VersionId"] != "null"

        @pytest.mark.s3fake(region="ap-south-1", buckets=[])
        def test_closest_marker_overrides(s3fake):
            assert s3fake.region == "ap-south-1"
            assert s3fake.store.get_bucket("module-bucket") is None
        """
    )
    pytester.runpytest().assert_outcomes(passed=2)


def test_misspelled_marker_option_fails_clearly(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.s3fake(bucket=["b"])
        def test_it():
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*unknown option 'bucket' (did you mean 'buckets'?)*Valid options: buckets*"])


def test_positional_marker_arguments_are_refused(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.s3fake(["b"])
        def test_it():
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*takes keyword options only*"])


def test_module_level_client_is_intercepted(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3
        from botocore.config import Config

        # Made at import time, long before any fake starts.
        CLIENT = boto3.client("s3", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y")

        def test_it(s3fake):
            CLIENT.create_bucket(Bucket="import-time")
            assert s3fake.store.get_bucket("import-time") is not None
            assert [c.operation for c in s3fake.calls] == ["CreateBucket"]
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_every_kind_of_client_is_intercepted(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3, botocore.session

        def test_it(s3fake):
            s3fake.create_bucket("every-client")
            boto3.client("s3").put_object(Bucket="every-client", Key="a", Body=b"1")
            boto3.resource("s3").Object("every-client", "b").put(Body=b"2")
            boto3.Session(region_name="us-east-1").client("s3").put_object(Bucket="every-client", Key="c", Body=b"3")
            botocore.session.get_session().create_client("s3", region_name="us-east-1").put_object(
                Bucket="every-client", Key="d", Body=b"4")
            assert s3fake.store.bucket("every-client").object_count() == 4
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_missing_key_raises_no_such_key_with_ids(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        def test_it(s3fake_client):
            s3fake_client.create_bucket(Bucket="ids-bucket")
            with pytest.raises(s3fake_client.exceptions.NoSuchKey) as exc:
                s3fake_client.get_object(Bucket="ids-bucket", Key="missing")
            meta = exc.value.response["ResponseMetadata"]
            assert meta["HTTPStatusCode"] == 404
            assert len(meta["RequestId"]) == 16 and meta["HostId"]
            assert exc.value.response["Error"]["Key"] == "missing"
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_unhandled_operation_answers_501_naming_it(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest
        from botocore.exceptions import ClientError

        from pytest_s3fake.operations import OPERATIONS

        def test_it(s3fake_client, monkeypatch):
            # Every operation of today's model is answered; one a newer botocore adds is missing from
            # the table as this one is made to be.
            monkeypatch.delitem(OPERATIONS, "GetObjectTorrent")
            with pytest.raises(ClientError) as exc:
                s3fake_client.get_object_torrent(Bucket="bkt", Key="k")
            error = exc.value.response["Error"]
            assert error["Code"] == "NotImplemented"
            assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
            assert "GetObjectTorrent" in error["Message"]
            assert error["Operation"] == "GetObjectTorrent"
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_other_services_are_refused_unless_passed_through(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3, pytest
        from botocore.awsrequest import AWSResponse
        from pytest_s3fake.transport import ServiceNotFakedError

        def test_refused(s3fake):
            sts = boto3.client("sts", region_name="us-east-1")
            with pytest.raises(ServiceNotFakedError, match="answers S3 only; refusing sts GetCallerIdentity"):
                sts.get_caller_identity()

        class Body:
            def __init__(self, data):
                self.data = data
            def stream(self, **kwargs):
                yield self.data

        @pytest.mark.s3fake(passthrough=["sts"])
        def test_passthrough(s3fake):
            sts = boto3.client("sts", region_name="us-east-1")
            # The test's own stub answers STS, standing in for the user's real STS mock.
            xml = (b"<GetCallerIdentityResponse><GetCallerIdentityResult><Account>111122223333</Account>"
                   b"<Arn>arn:aws:iam::111122223333:user/u</Arn><UserId>U</UserId></GetCallerIdentityResult>"
                   b"</GetCallerIdentityResponse>")
            sts.meta.events.register_last(
                "before-send.sts", lambda request, **kw: AWSResponse(request.url, 200, {}, Body(xml)))
            assert sts.get_caller_identity()["Account"] == "111122223333"
        """
    )
    pytester.runpytest().assert_outcomes(passed=2)


@pytest.mark.parametrize("how", ["flag", "ini"])
def test_no_network_mode_refuses_calls_outside_a_fake(pytester: pytest.Pytester, how: str) -> None:
    pytester.makepyfile(
        """
        import boto3, pytest
        from pytest_s3fake.transport import NetworkBlockedError

        def test_outside():
            client = boto3.client("s3", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y")
            with pytest.raises(NetworkBlockedError) as exc:
                client.list_buckets()
            message = str(exc.value)
            assert "no-network mode" in message and "ListBuckets" in message
            assert "s3fake" in message  # says how to fix it

        def test_inside_still_answered(s3fake_client):
            assert s3fake_client.list_buckets()["Buckets"] == []
        """
    )
    if how == "flag":
        result = pytester.runpytest("--s3fake-no-network")
    else:
        pytester.makeini("[pytest]\ns3fake_no_network = true\n")
        result = pytester.runpytest()
    result.assert_outcomes(passed=2)


def test_no_network_mode_gives_import_time_clients_dummy_credentials(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A user's module makes its client at import time, on a machine with no AWS credentials at all.
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    pytester.makepyfile(
        """
        import os
        import boto3

        CLIENT = boto3.client("s3", region_name="us-east-1")

        def test_import_time_client_is_answered(s3fake):
            CLIENT.create_bucket(Bucket="no-creds")
            assert s3fake.store.get_bucket("no-creds") is not None

        def test_metadata_service_is_never_asked():
            assert os.environ["AWS_EC2_METADATA_DISABLED"] == "true"
        """
    )
    pytester.runpytest("--s3fake-no-network").assert_outcomes(passed=2)
    assert "AWS_EC2_METADATA_DISABLED" not in os.environ  # restored after the run


def test_plugin_registers_marker_and_option(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.s3fake(**options)*"])
    result = pytester.runpytest("--help")
    result.stdout.fnmatch_lines(["*--s3fake-no-network*"])


def test_loading_the_plugin_imports_no_emulation() -> None:
    # The plugin loads in every pytest run: a run that never uses S3 pays for the hook only (a few ms),
    # not for the model, the operations, the error catalog or asyncio (about 60 ms together).
    code = ("import sys, pytest, boto3, pytest_s3fake.plugin; "
            "print(sorted(m for m in sys.modules if m == 'asyncio' or m.startswith('pytest_s3fake')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['pytest_s3fake', 'pytest_s3fake.plugin', 'pytest_s3fake.transport']"


def test_public_names_load_on_first_use() -> None:
    code = """
import pytest_s3fake
from pytest_s3fake import Fault, S3Error, S3Fake, errors
from pytest_s3fake.errors import NoSuchKey
from pytest_s3fake.fake import S3Fake as Real
assert S3Fake is Real and pytest_s3fake.S3Fake is Real
assert issubclass(NoSuchKey, S3Error) and errors.NoSuchKey is NoSuchKey and Fault.__name__ == "Fault"
assert dir(pytest_s3fake) == ["Fault", "FaultSpecError", "S3Error", "S3Fake", "__version__", "active_fake", "errors", "mock_s3"]
try:
    pytest_s3fake.Missing
except AttributeError as exc:
    print(exc)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "module 'pytest_s3fake' has no attribute 'Missing'"


def test_a_fake_started_and_never_stopped_fails_its_test_at_teardown(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import boto3
        from pytest_s3fake import S3Fake

        def test_leaks():
            S3Fake(region="eu-west-1").start().create_bucket("leaked")

        def test_next_sees_no_fake():
            from pytest_s3fake.transport import DISPATCHER
            assert DISPATCHER.active() is None

        def test_stopped_is_fine():
            with S3Fake():
                pass
            fake = S3Fake().start()
            fake.stop()
        """
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=3, errors=1)
    result.stdout.fnmatch_lines([
        "*ERROR at teardown of test_leaks*",
        "*started 1 S3Fake(s) and never stopped them*",
        "*<S3Fake started region=eu-west-1 account=123456789012>, buckets: [[]'leaked'[]]*",
        "*fixtures.md#a-fake-left-started*",
    ])


def test_fixture_and_module_fakes_are_not_leaks(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest
        from pytest_s3fake import S3Fake

        @pytest.fixture(scope="module")
        def mine():
            fake = S3Fake().start()
            yield fake
            fake.stop()

        def test_a(mine, s3fake_module):
            pass

        def test_b(mine, s3fake):
            pass
        """
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=2)
