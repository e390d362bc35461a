"""YAML text for new draft files: block style, literal blocks, wrapped comments."""

from __future__ import annotations

import textwrap
from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    """Block style, indented lists, literal blocks for multi-line text."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        value = "\n".join(line.rstrip() for line in value.splitlines())
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def dump(data: Any, indent: int = 0) -> str:
    """YAML text of ``data``, indented by ``indent`` spaces."""
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=92)
    return textwrap.indent(text, " " * indent)


def comment(text: str, indent: int = 0, *, hang: str = "", width: int = 92) -> str:
    """``text`` as YAML comment lines wrapped to ``width``."""
    lines: list[str] = []
    for paragraph in text.splitlines():
        if paragraph.startswith("  ") or not paragraph:
            lines.append(paragraph)
        else:
            lines.extend(
                textwrap.wrap(
                    paragraph, width - indent - 2, subsequent_indent=hang, break_on_hyphens=False
                )
            )
    return "".join(f"{' ' * indent}# {line}".rstrip() + "\n" for line in lines)
