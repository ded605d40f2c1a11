#!/usr/bin/env python3
"""Decodes Depeche wire bytes with Google's protobuf (an implementation independent of protobuf-c).

Used by PythonCrossCheckTests.swift. Needs protoc and the Python protobuf runtime
(Debian: apt-get install protobuf-compiler python3-protobuf).

    protobuf_crosscheck.py --check
        exits 0 when protoc and google.protobuf are usable, 1 (with the reason on stderr) otherwise.
    protobuf_crosscheck.py PROTO_DIR MESSAGE_NAME INPUT_FILE
        parses INPUT_FILE as MESSAGE_NAME (for example depeche.v1.Document) and prints one JSON
        object: {"message": <the message as JSON, proto field names>,
                 "reencoded": <hex of its deterministic serialization>}.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile


def check():
    try:
        import google.protobuf  # noqa: F401
        from google.protobuf import descriptor_pool, json_format  # noqa: F401
    except ImportError as error:
        print(f"{sys.executable}: cannot import google.protobuf ({error})", file=sys.stderr)
        return 1
    if shutil.which("protoc") is None:
        print("protoc is not on PATH", file=sys.stderr)
        return 1
    return 0


def message_class(proto_dir, name):
    from google.protobuf import descriptor_pb2, descriptor_pool

    with tempfile.TemporaryDirectory() as scratch:
        descriptor_path = os.path.join(scratch, "depeche.pb")
        protos = []
        for root, _, files in os.walk(proto_dir):
            protos += [os.path.relpath(os.path.join(root, f), proto_dir) for f in files if f.endswith(".proto")]
        subprocess.run(
            ["protoc", f"--proto_path={proto_dir}", "--include_imports", f"--descriptor_set_out={descriptor_path}"]
            + sorted(protos),
            check=True,
        )
        with open(descriptor_path, "rb") as handle:
            files = descriptor_pb2.FileDescriptorSet.FromString(handle.read())
    pool = descriptor_pool.DescriptorPool()
    for file in files.file:
        pool.Add(file)
    descriptor = pool.FindMessageTypeByName(name)
    try:
        from google.protobuf.message_factory import GetMessageClass

        return GetMessageClass(descriptor)
    except ImportError:
        from google.protobuf.message_factory import MessageFactory

        return MessageFactory(pool).GetPrototype(descriptor)


def main(arguments):
    if arguments == ["--check"]:
        return check()
    if len(arguments) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    proto_dir, name, input_path = arguments
    from google.protobuf import json_format

    with open(input_path, "rb") as handle:
        data = handle.read()
    message = message_class(proto_dir, name)()
    message.ParseFromString(data)
    output = {
        "message": json_format.MessageToDict(message, preserving_proto_field_name=True),
        "reencoded": message.SerializeToString(deterministic=True).hex(),
    }
    json.dump(output, sys.stdout, ensure_ascii=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
