"""A deliberately tiny GraphQL reader: enough to answer the read-only queries the GitHub
checks send (viewer, enterprises, organizations), whatever their exact shape.

It parses one operation with variables, aliases, arguments (literals, enums, lists,
objects, variables) and nested selections; fragments are not supported. Resolution is
done by the caller, field by field, over the parsed tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_TOKEN = re.compile(
    r"""
    (?P<ws>[\s,]+|\#[^\n]*)
  | (?P<spread>\.\.\.)
  | (?P<punct>[{}()\[\]:=!$@])
  | (?P<string>"(?:\\.|[^"\\])*")
  | (?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<name>[_A-Za-z][_0-9A-Za-z]*)
    """,
    re.VERBOSE,
)


class GraphQLSyntaxError(ValueError):
    pass


@dataclass
class Field:
    name: str
    alias: str | None = None
    args: dict[str, Any] = field(default_factory=dict)
    selections: list[Field] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.alias or self.name


@dataclass
class Variable:
    name: str


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise GraphQLSyntaxError(f"Parse error on {text[pos:pos + 10]!r} at position {pos}")
        pos = m.end()
        kind = m.lastgroup
        assert kind is not None
        if kind != "ws":
            out.append((kind, m.group()))
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.toks = _tokens(text)
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if tok is None or (value is not None and tok[1] != value):
            got = tok[1] if tok else "end of document"
            raise GraphQLSyntaxError(f"Parse error on \"{got}\" (expected {value or 'more'})")
        self.i += 1
        return tok

    def document(self) -> list[Field]:
        tok = self.peek()
        if tok and tok[1] in ("query",):
            self.take()
            if self.peek() and self.peek()[0] == "name":  # type: ignore[index]
                self.take()
            if self.peek() and self.peek()[1] == "(":  # type: ignore[index]
                self._skip_balanced("(", ")")
        elif tok and tok[1] in ("mutation", "subscription"):
            raise GraphQLSyntaxError("Only queries are supported")
        sel = self.selection_set()
        if self.peek() is not None:
            raise GraphQLSyntaxError("Only one operation per document is supported")
        return sel

    def _skip_balanced(self, open_: str, close: str) -> None:
        depth = 0
        while True:
            _, v = self.take()
            if v == open_:
                depth += 1
            elif v == close:
                depth -= 1
                if depth == 0:
                    return

    def selection_set(self) -> list[Field]:
        self.take("{")
        out: list[Field] = []
        while True:
            tok = self.peek()
            if tok is None:
                raise GraphQLSyntaxError("Unterminated selection set")
            if tok[1] == "}":
                self.take()
                return out
            if tok[0] == "spread":
                raise GraphQLSyntaxError("Fragments are not supported by the simulator")
            out.append(self.field())

    def field(self) -> Field:
        _, name = self.take()
        alias = None
        if self.peek() and self.peek()[1] == ":":  # type: ignore[index]
            self.take()
            alias, name = name, self.take()[1]
        f = Field(name=name, alias=alias)
        if self.peek() and self.peek()[1] == "(":  # type: ignore[index]
            self.take()
            while self.peek() and self.peek()[1] != ")":  # type: ignore[index]
                arg = self.take()[1]
                self.take(":")
                f.args[arg] = self.value()
            self.take(")")
        while self.peek() and self.peek()[1] == "@":  # type: ignore[index]
            self.take()
            self.take()
            if self.peek() and self.peek()[1] == "(":  # type: ignore[index]
                self._skip_balanced("(", ")")
        if self.peek() and self.peek()[1] == "{":  # type: ignore[index]
            f.selections = self.selection_set()
        return f

    def value(self) -> Any:
        kind, v = self.take()
        if v == "$":
            return Variable(self.take()[1])
        if kind == "string":
            return bytes(v[1:-1], "utf-8").decode("unicode_escape")
        if kind == "number":
            return float(v) if any(c in v for c in ".eE") else int(v)
        if v == "[":
            items = []
            while self.peek() and self.peek()[1] != "]":  # type: ignore[index]
                items.append(self.value())
            self.take("]")
            return items
        if v == "{":
            obj = {}
            while self.peek() and self.peek()[1] != "}":  # type: ignore[index]
                key = self.take()[1]
                self.take(":")
                obj[key] = self.value()
            self.take("}")
            return obj
        if v in ("true", "false"):
            return v == "true"
        if v == "null":
            return None
        return v  # enum value


def parse(query: str) -> list[Field]:
    return _Parser(query).document()


def resolve_args(f: Field, variables: dict[str, Any]) -> dict[str, Any]:
    def sub(v: Any) -> Any:
        if isinstance(v, Variable):
            return variables.get(v.name)
        if isinstance(v, list):
            return [sub(x) for x in v]
        if isinstance(v, dict):
            return {k: sub(x) for k, x in v.items()}
        return v

    return {k: sub(v) for k, v in f.args.items()}
