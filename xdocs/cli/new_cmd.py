"""``xdocs new NAME``: scaffold a submission from templates/new_card.md.j2."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import click

from xdocs.cli.common import fail
from xdocs.slugs import path_segment


def yaml_scalar(value: str) -> str:
    """``value`` as one double-quoted YAML scalar, written by the YAML emitter (ruamel).

    Double quotes whatever the text: ``Acme: Vision #2``, ``yes``, ``null``, ``1.0``
    and ``*star`` all stay strings, in YAML 1.2 and 1.1 readers alike, and line
    separators (U+2028, U+0085) are escaped rather than written raw.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    yaml = YAML()
    yaml.width = 1 << 20  # one line, however long the name
    buffer = io.StringIO()
    yaml.dump({"v": DoubleQuotedScalarString(value)}, buffer)
    return buffer.getvalue().removeprefix("v: ").rstrip("\n")


@click.command("new")
@click.argument("name")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=str),
    help="Where to write the card (default: cards/<slug>.md).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def new_cmd(name: str, output: str | None, force: bool) -> None:
    """Scaffold a model card for NAME with every required section and guidance."""
    import jinja2

    from xdocs.card.canonical import section_map
    from xdocs.config import find_project_root, load_config
    from xdocs.fileio import atomic_write

    if not name.strip():
        fail("NAME must not be empty")
    if any(unicodedata.category(c) == "Cc" for c in name):
        fail("NAME must not contain a control character (a line break, a tab, an escape)")
    config = load_config(find_project_root())
    slug = path_segment(name)
    target = Path(output) if output else config.resolve("cards", "cards") / f"{slug}.md"
    if target.exists() and not force:
        fail(f"{target}: already exists; choose another NAME or pass --force")
    folder = config.data_file("templates", "templates")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)), keep_trailing_newline=True, autoescape=False
    )
    env.filters["yaml"] = yaml_scalar
    required = [s for s in section_map().specs if s.required and s.id != "license"]
    text = env.get_template("new_card.md.j2").render(
        name=name.strip(), slug=slug, filename=target.name, sections=required
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, text)
    click.echo(str(target))
