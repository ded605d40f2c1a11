#!/usr/bin/env python3
"""A stage process for DepecheProcessTests, written with Google's protobuf package.

    test_stage.py GENERATED_DIR [--version N] [--exit-after N] [--chatty] [--reorder N]
                                [--fatal CODE] [--exit-status N] [--ignore-term]

GENERATED_DIR holds the modules that `protoc --python_out` generated from proto/.

Each document comes back with its text uppercased and the attributes "options" (the
handshake's options_json), "cwd" (the working directory) and "env" ($DEPECHE_TEST_ENV).
A marker in the document id changes that:
    crash    logs "crashing on ID" on stderr and exits with status 7 without answering
    orphan   starts a grandchild (`sleep 3600`), writes its pid to the file named by the
             document's text, then exits with status 7 without answering
    segv     logs, then kills itself with SIGSEGV
    hang     logs, then sleeps for an hour
    garbage  prints text on stdout (a stray print), then answers
    print    prints "ok" on stdout, then answers
    huge     answers with a frame over the handshake's max_frame_bytes
    exit     logs, then exits with status 0 without answering
    reject   answers with result.error (code "rejected")
    double   answers with two documents, ID-a and ID-b
Modes:
    --version N     answers the handshake with protocol version N
    --exit-after N  exits with status 0 after answering N documents
    --chatty        prints a line on stdout before the handshake
    --reorder N     claims "concurrent" and answers batches of up to N requests in reverse order
    --fatal CODE    answers the handshake with fatal (CODE) and exits with status 2
    --exit-status N exits with status N at the end of its input
    --ignore-term   ignores SIGTERM and does not exit at the end of its input
"""
import argparse
import os
import select
import signal
import sys
import time

WAITED = object()  # no frame arrived in time


def log(message):
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def write_all(data):
    view = memoryview(data)
    while view:
        written = os.write(1, view)
        view = view[written:]


def send(response):
    payload = response.SerializeToString()
    write_all(varint(len(payload)) + payload)


class FrameReader:
    """Delimited frames from a file descriptor, with its own buffer so that select() tells the truth."""

    def __init__(self, fd):
        self.fd = fd
        self.buffer = bytearray()

    def _take(self):
        length, shift, index = 0, 0, 0
        while index < len(self.buffer):
            byte = self.buffer[index]
            index += 1
            length |= (byte & 0x7F) << shift
            if not byte & 0x80:
                if len(self.buffer) - index < length:
                    return None
                frame = bytes(self.buffer[index:index + length])
                del self.buffer[:index + length]
                return frame
            shift += 7
        return None

    def next(self, wait=None):
        """The next frame; None at end of input; WAITED when `wait` seconds pass without one."""
        while True:
            frame = self._take()
            if frame is not None:
                return frame
            if wait is not None and not select.select([self.fd], [], [], wait)[0]:
                return WAITED
            chunk = os.read(self.fd, 65536)
            if not chunk:
                return None
            self.buffer += chunk


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("generated")
    parser.add_argument("--version", type=int, default=1)
    parser.add_argument("--exit-after", type=int, default=0)
    parser.add_argument("--chatty", action="store_true")
    parser.add_argument("--reorder", type=int, default=0)
    parser.add_argument("--fatal", default="")
    parser.add_argument("--exit-status", type=int, default=0)
    parser.add_argument("--ignore-term", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, args.generated)
    from depeche.v1 import stage_pb2

    if args.ignore_term:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    log(f"test stage started (pid {os.getpid()})")
    if args.chatty:
        write_all(b"Loading the model, please wait...\n")

    reader = FrameReader(0)
    frame = reader.next()
    if frame is None:
        return 0
    request = stage_pb2.StageRequest.FromString(frame)
    if request.WhichOneof("payload") != "handshake":
        send(stage_pb2.StageResponse(fatal=stage_pb2.StageError(code="protocol-error", message="no handshake")))
        return 3
    handshake = request.handshake
    if args.fatal:
        message = f"this stage takes no options, got {handshake.options_json}"
        log("refusing to start: " + message)
        send(stage_pb2.StageResponse(fatal=stage_pb2.StageError(code=args.fatal, message=message)))
        return 2
    answer = stage_pb2.HandshakeResponse(
        stage_name=handshake.stage_name,
        stage_version="1.2.3",
        protocol_version=args.version,
        capabilities=["concurrent"] if args.reorder else [],
    )
    send(stage_pb2.StageResponse(handshake=answer))

    answered = 0
    while True:
        frame = reader.next()
        if frame is None:
            break
        batch = [frame]
        while args.reorder and len(batch) < args.reorder:
            more = reader.next(wait=0.05)
            if more is WAITED or more is None:
                break
            batch.append(more)
        if len(batch) > 1:
            log(f"answering {len(batch)} requests in reverse order")
        for frame in reversed(batch):
            request = stage_pb2.StageRequest.FromString(frame)
            send(stage_pb2.StageResponse(result=answer_for(request.process, handshake, stage_pb2)))
            answered += 1
            if args.exit_after and answered >= args.exit_after:
                log(f"leaving after {answered} documents")
                return 0
    if args.ignore_term:
        log("input closed, staying anyway")
        time.sleep(3600)
    log("input closed, bye")
    return args.exit_status


def answer_for(process, handshake, stage_pb2):
    document = process.document
    result = stage_pb2.ProcessResponse(sequence=process.sequence)
    name = document.id
    if "orphan" in name:
        import subprocess
        grandchild = subprocess.Popen(["sleep", "3600"])
        with open(document.text, "w") as pid_file:
            pid_file.write(str(grandchild.pid))
        log(f"leaving grandchild {grandchild.pid} behind")
        os._exit(7)
    if "crash" in name:
        log(f"crashing on {name}")
        os._exit(7)
    if "segv" in name:
        log(f"segfaulting on {name}")
        os.kill(os.getpid(), signal.SIGSEGV)
    if "hang" in name:
        log(f"hanging on {name}")
        time.sleep(3600)
    if "exit" in name:
        log(f"quitting on {name}")
        sys.exit(0)
    if "garbage" in name:
        write_all(b"this is not a frame\n" * 20)
    if "print" in name:
        write_all(b"ok\n")
    if "reject" in name:
        result.error.code = "rejected"
        result.error.message = f"{name} is not for this stage"
        return result
    document.text = document.text.upper()
    document.attributes["options"] = handshake.options_json
    document.attributes["cwd"] = os.getcwd()
    document.attributes["env"] = os.environ.get("DEPECHE_TEST_ENV", "")
    if "huge" in name:
        document.text = "x" * (handshake.max_frame_bytes + 1024)
    if "double" in name:
        for suffix in ("a", "b"):
            copy = result.documents.add()
            copy.CopyFrom(document)
            copy.id = f"{name}-{suffix}"
    else:
        result.documents.add().CopyFrom(document)
    return result


if __name__ == "__main__":
    sys.exit(main())
