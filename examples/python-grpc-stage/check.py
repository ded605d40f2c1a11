#!/usr/bin/env python3
"""Checks a running wordcount server (server.py) from the outside, as a gRPC client would.

    ~/.cache/depeche/python-grpc-venv/bin/python examples/python-grpc-stage/check.py HOST:PORT

with the Python of the virtualenv that ./run creates (DEPECHE_PYTHON_GRPC_VENV if you set it). It
generates its own client code from proto/ with grpcio-tools. Prints one line per check and exits 1 when
any fails (2 when it cannot talk to the server).
"""
import json
import os
import sys
import tempfile
from concurrent import futures

import grpc
from google.protobuf import text_format
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_tools import protoc


def generate_code(into):
    """Generates the Python code of proto/depeche/v1 into a folder, and puts that folder on sys.path."""
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "proto")
    files = sorted(f"depeche/v1/{name}" for name in os.listdir(os.path.join(root, "depeche", "v1")) if name.endswith(".proto"))
    if protoc.main(["protoc", f"-I{root}", f"--python_out={into}", f"--grpc_python_out={into}", *files]) != 0:
        sys.exit("check: protoc failed on proto/depeche/v1")
    sys.path.insert(0, into)


_generated = tempfile.TemporaryDirectory(prefix="depeche-check-")  # removed at exit
generate_code(_generated.name)
from depeche.v1 import document_pb2, stage_pb2, stage_pb2_grpc  # noqa: E402 (generated just above)

TIMEOUT = 10  # seconds for each call
results = {"passed": 0, "failed": 0}


def check(name, condition, detail=""):
    results["passed" if condition else "failed"] += 1
    print(f"{'ok  ' if condition else 'FAIL'} {name}{'' if condition else f': {detail}'}", flush=True)


def brief(message):
    """A message on one line, cut to 300 characters (the text of a long document would drown the rest)."""
    line = text_format.MessageToString(message, as_one_line=True)
    return line if len(line) <= 300 else line[:300] + "..."


def attribute(response, name):
    """An attribute of the one document of an answer; None when the answer has no such thing."""
    return response.documents[0].attributes.get(name) if len(response.documents) == 1 else None


def handshake(version=1, **options):
    return stage_pb2.HandshakeRequest(protocol_version=version, stage_name="wordcount",
                                      options_json=json.dumps(options), max_in_flight=16,
                                      max_frame_bytes=64 * 1024 * 1024)


def refusal(call):
    """The grpc.RpcError that call() raises, or None when it succeeds."""
    try:
        call()
    except grpc.RpcError as error:
        return error
    return None


def expect_refusal(name, call, status, prefix):
    error = refusal(call)
    check(name, error is not None and error.code() == status and error.details().startswith(prefix),
          "no error" if error is None else f"{error.code()} {error.details()!r}")


def process(stub, requests, metadata):
    return list(stub.Process(iter(requests), metadata=metadata, timeout=TIMEOUT))


def main(address):
    limits = [("grpc.max_send_message_length", 64 << 20), ("grpc.max_receive_message_length", 64 << 20)]
    with grpc.insecure_channel(address, options=limits) as channel:
        grpc.channel_ready_future(channel).result(timeout=TIMEOUT)
        stub = stage_pb2_grpc.StageStub(channel)

        # Handshake (unary).
        answer = stub.Handshake(handshake(words_per_minute=200), timeout=TIMEOUT)
        check("handshake accepted", (answer.stage_name, answer.stage_version, answer.protocol_version,
                                     list(answer.capabilities)) == ("wordcount", "1.0.0", 1, ["concurrent"]),
              brief(answer))
        expect_refusal("protocol version 2 refused", lambda: stub.Handshake(handshake(version=2), timeout=TIMEOUT),
                       grpc.StatusCode.FAILED_PRECONDITION, "protocol-version: ")
        expect_refusal("unknown option refused", lambda: stub.Handshake(handshake(words_per_minut=200), timeout=TIMEOUT),
                       grpc.StatusCode.INVALID_ARGUMENT, "invalid-options: ")
        for bad in ("fast", 0, -3, 2.5, True):
            expect_refusal(f"words_per_minute {json.dumps(bad)} refused",
                           lambda: stub.Handshake(handshake(words_per_minute=bad), timeout=TIMEOUT),
                           grpc.StatusCode.INVALID_ARGUMENT, "invalid-options: ")

        # Process (a stream each way), the handshake in binary metadata.
        metadata = [("depeche-handshake-bin", handshake(words_per_minute=200).SerializeToString())]
        texts = {1: "one two three", 2: "", 3: " ".join(["word"] * 401)}  # 401 words at 200 a minute: 3 minutes
        requests = [stage_pb2.ProcessRequest(sequence=sequence, document=document_pb2.Document(id=f"doc-{sequence}", text=text))
                    for sequence, text in texts.items()]
        answers = {response.sequence: response for response in process(stub, requests, metadata)}
        check("one answer per request", sorted(answers) == [1, 2, 3], f"sequences {sorted(answers)}")
        for sequence, words, minutes in ((1, "3", "1"), (3, "401", "3")):
            response = answers.get(sequence, stage_pb2.ProcessResponse())
            attributes = dict(response.documents[0].attributes) if len(response.documents) == 1 else None
            check(f"document {sequence} counted", not response.HasField("error") and attributes is not None
                  and response.documents[0].id == f"doc-{sequence}"
                  and attributes == {"word_count": words, "reading_minutes": minutes}, brief(response))
        empty = answers.get(2, stage_pb2.ProcessResponse())
        check("empty document answered invalid-input", empty.error.code == "invalid-input"
              and "normalize" in empty.error.message, brief(empty))

        default = process(stub, requests[:1], [("depeche-handshake-bin", handshake().SerializeToString())])
        check("default words_per_minute 230", len(default) == 1 and attribute(default[0], "reading_minutes") == "1",
              [brief(r) for r in default])

        # Over gRPC's default 4 MiB message limit, under the 64 MiB the server allows.
        big = stage_pb2.ProcessRequest(sequence=7, document=document_pb2.Document(id="big", text="mot " * (1_500_000)))
        answer_big = process(stub, [big], metadata)
        check("a 6 MB document counted", len(answer_big) == 1 and attribute(answer_big[0], "word_count") == "1500000",
              [brief(r) for r in answer_big])

        # Several streams at once, each answered in full.
        with futures.ThreadPoolExecutor(max_workers=4) as pool:
            batches = [[stage_pb2.ProcessRequest(sequence=n, document=document_pb2.Document(id=f"s{stream}-{n}", text="a " * n))
                        for n in range(1, 51)] for stream in range(4)]
            outcomes = list(pool.map(lambda batch: process(stub, batch, metadata), batches))
        check("4 streams at once, 50 documents each", all(
            [(r.sequence, attribute(r, "word_count")) for r in outcome] == [(n, str(n)) for n in range(1, 51)]
            for outcome in outcomes), f"{[len(outcome) for outcome in outcomes]} answers")

        expect_refusal("stream without handshake metadata refused", lambda: process(stub, requests, []),
                       grpc.StatusCode.FAILED_PRECONDITION, "protocol-error: ")
        expect_refusal("stream with undecodable handshake refused",
                       lambda: process(stub, requests, [("depeche-handshake-bin", b"\xff\xff\xff\xff")]),
                       grpc.StatusCode.INVALID_ARGUMENT, "protocol-error: ")
        expect_refusal("stream with protocol version 2 refused",
                       lambda: process(stub, requests, [("depeche-handshake-bin", handshake(version=2).SerializeToString())]),
                       grpc.StatusCode.FAILED_PRECONDITION, "protocol-version: ")
        expect_refusal("stream with unknown option refused",
                       lambda: process(stub, requests, [("depeche-handshake-bin", handshake(top=3).SerializeToString())]),
                       grpc.StatusCode.INVALID_ARGUMENT, "invalid-options: ")

        # Health.
        health = health_pb2_grpc.HealthStub(channel)
        for service in ("", "depeche.v1.Stage"):
            status = health.Check(health_pb2.HealthCheckRequest(service=service), timeout=TIMEOUT).status
            check(f"health of {service!r} SERVING", status == health_pb2.HealthCheckResponse.SERVING,
                  health_pb2.HealthCheckResponse.ServingStatus.Name(status))
        expect_refusal("health of an unknown service NOT_FOUND",
                       lambda: health.Check(health_pb2.HealthCheckRequest(service="nope"), timeout=TIMEOUT),
                       grpc.StatusCode.NOT_FOUND, "")

    print(f"check: {results['passed']} passed, {results['failed']} failed")
    return 1 if results["failed"] else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} HOST:PORT")
    try:
        sys.exit(main(sys.argv[1]))
    except (grpc.RpcError, grpc.FutureTimeoutError) as error:  # the server is not there, or broke a call
        print(f"check: cannot talk to {sys.argv[1]}: {error!r}", file=sys.stderr)
        sys.exit(2)
