"""`extract --dask`: real LocalClusters (2 worker processes each), so few and small documents."""

from __future__ import annotations

import datetime
import ipaddress
import json
import os
import signal
import threading
import time
from pathlib import Path

import jsonschema
import pytest

from pipeline.processing.batch import extract_batch
from pipeline.processing.cluster import ClusterError, check_address, connect, extract_dask, make_security
from pipeline.processing.export import load_schema
from test_batch import DOCS, extract, make_corpus, outputs

NAMES = ("alpha", "beta", "gamma")


def corpus_of(folder: Path, copies: int = 2, lines: int = 1) -> Path:
    """`copies` articles per text of test_batch, each text repeated `lines` times (longer tasks)."""
    folder.mkdir(parents=True)
    for name in NAMES:
        for k in range(copies):
            (folder / f"{name}{k}.txt").write_text(DOCS[name] * lines, encoding="utf-8")
    return folder


@pytest.fixture
def local_run(tmp_path, tagger):
    """Extract a corpus in this process, the reference a cluster run must equal."""
    def run(corpus: Path) -> dict:
        extract_batch([corpus], tmp_path / "local", tagger=tagger, progress=False)
        return outputs(tmp_path / "local")

    return run


def test_local_cluster_same_outputs_and_rerun_submits_nothing(tmp_path, capsys, local_run):
    corpus, out = make_corpus(tmp_path / "in", NAMES), tmp_path / "out"
    (corpus / "broken.txt").write_bytes(b"\xff\xfe bad bytes")   # isolated as in a local run
    code, counts, _ = extract(capsys, str(corpus), "--out", str(out), "--dask", "local:2")
    assert (code, counts) == (1, (3, 0, 1))
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(Path(e["file"]).name, e["stage"]) for e in errors] == [("broken.txt", "read")]
    (corpus / "broken.txt").unlink()
    assert outputs(out) == local_run(corpus)
    assert (out / "events.jsonl").exists()
    # unchanged: nothing is submitted, no scheduler is even contacted (nothing listens there)
    code, counts, _ = extract(capsys, str(corpus), "--out", str(out), "--dask", "tcp://127.0.0.1:9")
    assert (code, counts) == (0, (0, 3, 0))


def _kill_a_busy_worker(client, out: Path, killed: list[int]) -> None:
    """Once outputs start to appear, SIGKILL a worker that holds a task (its nanny restarts it)."""
    pids = client.run(os.getpid)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and not killed:
        if any(out.glob("*.json")):
            busy = [addr for addr, keys in client.processing().items() if keys]
            if busy:
                os.kill(pids[busy[0]], signal.SIGKILL)
                killed.append(pids[busy[0]])
        time.sleep(0.02)


def test_killed_worker_tasks_are_retried_nothing_partial_or_doubled(tmp_path, local_run):
    corpus, out = corpus_of(tmp_path / "in", copies=4, lines=5), tmp_path / "out"
    killed: list[int] = []
    with connect("local:2") as client:
        watcher = threading.Thread(target=_kill_a_busy_worker, args=(client, out, killed), daemon=True)
        watcher.start()
        summary = extract_dask([corpus], out, client.scheduler.address, progress=False)
        watcher.join()
    assert killed, "no worker was killed: the run ended before the watcher saw a busy worker"
    assert (summary.processed, summary.failed) == (12, [])
    assert not (out / "errors.jsonl").exists() or not (out / "errors.jsonl").read_text(encoding="utf-8")
    validator = jsonschema.Draft202012Validator(load_schema("output"))
    for path in out.glob("*.json"):
        assert not list(validator.iter_errors(json.loads(path.read_text(encoding="utf-8"))))
    assert outputs(out) == local_run(corpus)   # one file per document, each complete
    assert not list(out.glob(".*.tmp"))


def _self_signed(folder: Path) -> tuple[str, str, str]:
    """A CA and a certificate it signed for 127.0.0.1, as PEM files: ca, cert, key."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.timezone.utc)

    def build(subject: str, issuer: str, public_key, signing_key, ca: bool) -> x509.Certificate:
        builder = (x509.CertificateBuilder()
                   .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
                   .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
                   .public_key(public_key).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(minutes=5))
                   .not_valid_after(now + datetime.timedelta(hours=1))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if not ca:
            builder = builder.add_extension(x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        return builder.sign(signing_key, hashes.SHA256())

    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = build("test CA", "test CA", ca_key.public_key(), ca_key, ca=True)
    cert = build("dask node", "test CA", key.public_key(), ca_key, ca=False)
    files = {"ca.pem": ca.public_bytes(serialization.Encoding.PEM),
             "cert.pem": cert.public_bytes(serialization.Encoding.PEM),
             "key.pem": key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption())}
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return str(folder / "ca.pem"), str(folder / "cert.pem"), str(folder / "key.pem")


def _listening(pids: set[int]) -> set[str]:
    import psutil

    return {conn.laddr.ip for pid in pids for conn in psutil.Process(pid).net_connections(kind="inet")
            if conn.status == psutil.CONN_LISTEN}


def test_local_cluster_over_tls(tmp_path, local_run):
    from distributed import Client

    corpus, out = make_corpus(tmp_path / "in", ("alpha", "beta")), tmp_path / "out"
    security = make_security(*_self_signed(tmp_path))
    with connect("local:2", security) as client:
        address = client.scheduler.address
        assert address.startswith("tls://127.0.0.1:")
        # scheduler and nannies live in this process, the workers in theirs: nothing but localhost
        assert _listening({os.getpid(), *client.run(os.getpid).values()}) == {"127.0.0.1"}
        with pytest.raises(TypeError, match="TLS expects a `ssl_context` argument"):
            Client(address, timeout=5)   # no certificate, no entry
        summary = extract_dask([corpus], out, address, security=security, progress=False)
    assert (summary.processed, summary.failed) == (2, [])
    assert outputs(out) == local_run(corpus)


@pytest.mark.parametrize("address, error", [
    ("local:0", "expected tcp://HOST:PORT, tls://HOST:PORT or local:N (N >= 1), got 'local:0'"),
    ("127.0.0.1:8786", "expected tcp://HOST:PORT, tls://HOST:PORT or local:N (N >= 1), got '127.0.0.1:8786'"),
    ("tcp://scheduler", "expected tcp://HOST:PORT, tls://HOST:PORT or local:N (N >= 1), got 'tcp://scheduler'"),
])
def test_bad_address_refused(address, error):
    with pytest.raises(ValueError) as err:
        check_address(address)
    assert str(err.value) == error
    assert check_address("tls://10.0.0.5:8786") == "tls://10.0.0.5:8786"


def test_tls_options_checked(tmp_path):
    with pytest.raises(ClusterError) as err:
        make_security(None, str(tmp_path / "cert.pem"), None)
    assert str(err.value) == ("TLS needs --dask-tls-ca and --dask-tls-cert (and --dask-tls-key unless the key "
                              "is in the certificate file)")
    with pytest.raises(ClusterError) as err:
        make_security(str(tmp_path / "ca.pem"), str(tmp_path / "cert.pem"), None)
    assert str(err.value) == f"{tmp_path / 'ca.pem'}: no such certificate or key file"
    assert make_security(None, None, None) is None
    with pytest.raises(ClusterError) as err, connect("tls://10.0.0.5:8786"):
        pass
    assert str(err.value) == ("tls://10.0.0.5:8786 needs certificates: --dask-tls-ca, --dask-tls-cert and "
                              "--dask-tls-key, or distributed.comm.tls in a Dask configuration file")


def test_worker_with_other_code_or_no_models_takes_no_work(tmp_path):
    from types import SimpleNamespace

    from pipeline.processing.cluster import ModelPlugin

    worker = SimpleNamespace(address="tls://10.0.0.7:40123")
    other = ModelPlugin(None, "key of another version")
    other.setup(worker)
    assert other.tagger is None
    assert other.problem == ("worker tls://10.0.0.7:40123: its pipeline code, Stanza models or resources differ "
                             "from the client's; install the same version of the project and models everywhere")
    missing = ModelPlugin(str(tmp_path / "no-models"), "any")
    missing.setup(worker)
    assert missing.tagger is None
    assert missing.problem.startswith("worker tls://10.0.0.7:40123: cannot load the models: ")
