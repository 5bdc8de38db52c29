"""Completion in an editor: tombi's language server, asked over LSP what it offers.

The schema is shaped for precise error lines (test_schema_editors); this keeps the
other half of what an editor does with it: the keys of a step or block, the eight
kinds as values, the top-level keys. (Taplo's wheel on PyPI is built without its
language server, so Taplo's completion is not tested here.)
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import IO, Any

import pytest

from tests.conftest import REPO
from tests.unit.test_schema_editors import tool

pytestmark = pytest.mark.e2e

SCHEMA = REPO / "docs" / "session.schema.json"


class Client:
    """The least LSP client that asks for a completion: one document, one request at a time."""

    def __init__(self, command: list[str], root: Path) -> None:
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.next_id = 0
        self.request(
            "initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {}}
        )
        self.notify("initialized", {})

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        stdin: IO[bytes] | None = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def receive(self) -> dict[str, Any]:
        stdout = self.process.stdout
        assert stdout is not None
        length = 0
        while line := stdout.readline().strip():
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        assert length, "the server closed the connection"
        message: dict[str, Any] = json.loads(stdout.read(length))
        return message

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self.receive()
            if "method" in message and "id" in message:  # the server asks: say nothing
                items = (message.get("params") or {}).get("items", [])
                self.send({"id": message["id"], "result": [None] * len(items) or None})
            elif message.get("id") == self.next_id:
                return message.get("result")

    def close(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)


def completions(tmp_path: Path, text: str, line: int, column: int, expect: str) -> set[str]:
    """The labels offered at (line, column), both from 0, in ``text``, once ``expect`` is one
    of them (tombi answers with schema-less guesses until it has loaded the schema)."""
    path = tmp_path / "session.toml"
    path.write_text(text)
    client = Client([tool("tombi"), "lsp", "--offline"], tmp_path)
    try:
        document = {"uri": path.as_uri(), "languageId": "toml", "version": 1, "text": text}
        client.notify("textDocument/didOpen", {"textDocument": document})
        deadline = time.monotonic() + 30
        labels: set[str] = set()
        while expect not in labels and time.monotonic() < deadline:
            result = client.request(
                "textDocument/completion",
                {
                    "textDocument": {"uri": path.as_uri()},
                    "position": {"line": line, "character": column},
                },
            )
            items = result.get("items", []) if isinstance(result, dict) else result or []
            labels = {item["label"] for item in items}
        return labels
    finally:
        client.close()


HEAD = f'#:schema {SCHEMA}\nname = "Completion"\n\n'


def test_a_step_table_offers_the_keys_of_a_step_and_of_a_block(tmp_path: Path) -> None:
    labels = completions(tmp_path, HEAD + "[[steps]]\n\n", 4, 0, expect="kind")
    assert {"kind", "duration", "reps", "name", "note", "repeat", "steps", "rest_between"} <= labels


def test_kind_offers_the_eight_kinds(tmp_path: Path) -> None:
    labels = completions(tmp_path, HEAD + "[[steps]]\nkind = \n", 4, 7, expect='"run"')
    kinds = {'"warmup"', '"run"', '"walk"', '"work"', '"rest"', '"cooldown"', '"exercise"'}
    assert kinds | {'"stretch"'} == {label for label in labels if label.startswith('"')}
    assert "42" not in labels  # not a guess at any value


def test_the_top_level_offers_the_session_keys(tmp_path: Path) -> None:
    labels = completions(tmp_path, HEAD, 3, 0, expect="steps")
    assert {"description", "tags", "program", "cues", "steps"} <= labels
