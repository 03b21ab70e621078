"""Lazy command groups: a group lists its sub-commands from a static table and imports a
sub-command's module only when that sub-command is used, so that ``jiancha --version`` and
``jiancha --help`` start without loading SQLAlchemy, DuckDB, pyarrow, FastAPI….

A table entry (``group`` for a Typer app, ``command`` for a function) names its target as
``"module:attribute"`` (or gives a function returning it) and the short help shown in the
listing. The group's ``commands`` mapping loads an entry when it is looked up, so walking the
whole tree (``typer.main.get_command(app).commands.items()``) still sees every command, while
help listings use the table's text without importing anything.

Owns: loading and converting table entries. Must not touch: what the commands do, nor the
table itself (``cli.app`` keeps it).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any, ClassVar

import typer
from typer import _click  # Typer's own copy of Click, the classes its groups are built on
from typer.core import MarkupMode, TyperCommand, TyperGroup


@dataclass(frozen=True)
class Lazy:
    """One sub-command of a lazy group: where it lives and its short help."""

    target: str | Callable[[], Any]
    """``"module:attribute"``; or, for a group, a function returning its Typer app; or, for a
    command, its function."""
    help: str | None
    """Shown in the parent's listing; given to ``add_typer``/``command`` unless ``own_help``."""
    is_command: bool = False
    own_help: bool = False
    """The target carries its own help (a callback's ``help=``): do not override it."""

    def resolve(self) -> Any:
        if not isinstance(self.target, str):
            return self.target if self.is_command else self.target()
        module, _, attribute = self.target.partition(":")
        return getattr(importlib.import_module(module), attribute)


def group(target: str | Callable[[], Any], help: str | None, *, own_help: bool = False) -> Lazy:
    """A sub-group: ``target`` is a ``typer.Typer`` app."""
    return Lazy(target, help, own_help=own_help)


def command(target: str | Callable[..., Any], help: str | None) -> Lazy:
    """A single command: ``target`` is the command's function."""
    return Lazy(target, help, is_command=True)


def convert(name: str, entry: Lazy, markup: MarkupMode, suggest: bool) -> _click.Command:
    """Import ``entry`` and make its Click command exactly as ``add_typer``/``command`` on the
    parent would (same markup mode, same help)."""
    holder = typer.Typer(rich_markup_mode=markup, suggest_commands=suggest, add_completion=False)
    helped: dict[str, Any] = {} if entry.own_help else {"help": entry.help}
    if entry.is_command:
        holder.command(name, **helped)(entry.resolve())
    else:
        holder.add_typer(entry.resolve(), name=name, **helped)
    return typer.main.get_group(holder).commands[name]


class LazyCommands(MutableMapping[str, _click.Command]):
    """The group's commands: the table's, loaded on first look-up, then any added directly."""

    def __init__(self, owner: LazyGroup, added: Mapping[str, _click.Command]) -> None:
        self.owner, self.loaded = owner, dict(added)

    def __getitem__(self, name: str) -> _click.Command:
        if name not in self.loaded:
            entry = self.owner.table[name]  # KeyError: no such command
            markup, suggest = self.owner.rich_markup_mode, self.owner.suggest_commands
            self.loaded[name] = convert(name, entry, markup, suggest)
        return self.loaded[name]

    def __setitem__(self, name: str, command: _click.Command) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self.loaded[name]

    def __iter__(self) -> Iterator[str]:
        yield from self.owner.table
        yield from (name for name in self.loaded if name not in self.owner.table)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __contains__(self, name: object) -> bool:
        return name in self.owner.table or name in self.loaded

    def peek(self, name: str) -> _click.Command | None:
        """The command if loaded, else a stand-in carrying the table's help (for listings)."""
        if name in self.loaded:
            return self.loaded[name]
        entry = self.owner.table.get(name)
        return None if entry is None else TyperCommand(name, help=entry.help)


class LazyGroup(TyperGroup):
    """A Typer group whose sub-commands come from ``table`` (set it in a subclass)."""

    table: ClassVar[Mapping[str, Lazy]] = {}

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(self, self.commands)
        self._listing = False

    def list_commands(self, ctx: _click.Context) -> list[str]:
        return list(self.commands)

    def get_command(self, ctx: _click.Context, cmd_name: str) -> _click.Command | None:
        commands = self.commands
        if self._listing and isinstance(commands, LazyCommands):
            return commands.peek(cmd_name)
        return commands.get(cmd_name)

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        self._listing = True  # the listing shows the table's help: import nothing
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False
