"""The direction of dependency: moderation is built on the board, and the board never imports moderation.

Every Python file under ``board/`` is parsed and walked whole (module level, functions, methods, branches):
no ``import moderation...``, no ``from moderation... import``, and no dynamic import of a ``moderation``
module by a string (``importlib.import_module``, ``import_string``, ``__import__``). The board reaches the
apps above it only through the extension points named in settings (``board/extensions.py``).
"""

import ast
from pathlib import Path

import pytest

BOARD = Path(__file__).resolve().parents[2] / "board"
FORBIDDEN = "moderation"
DYNAMIC_IMPORTS = {"import_module", "import_string", "__import__"}

pytestmark = pytest.mark.sqlite


def _is_forbidden(module: str | None) -> bool:
    return module is not None and (module == FORBIDDEN or module.startswith(FORBIDDEN + "."))


def imports_of_moderation(source: str, filename: str = "<source>") -> list[str]:
    """``file:line`` of every import of ``moderation`` in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            modules = [node.module] if node.level == 0 else []
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            function = (
                node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            )
            value = node.args[0].value
            modules = [value] if function in DYNAMIC_IMPORTS and isinstance(value, str) else []
        else:
            continue
        found += [f"{filename}:{node.lineno} {module}" for module in modules if _is_forbidden(module)]
    return found


def test_no_file_under_board_imports_moderation():
    files = sorted(BOARD.rglob("*.py"))
    assert len(files) > 20  # the walk found the board

    found = [hit for path in files for hit in imports_of_moderation(path.read_text(), str(path))]

    assert found == [], "the board must not import moderation:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "source",
    [
        "import moderation",
        "import moderation.services as m",
        "from moderation.throttles import TrustAwareWriteThrottle",
        "def f():\n    from moderation import services\n",
        "class A:\n    def m(self):\n        if True:\n            import moderation.models\n",
        "import importlib\nimportlib.import_module('moderation.services')",
        "from django.utils.module_loading import import_string\nimport_string('moderation.tasks.x')",
    ],
)
def test_the_check_finds_an_import_of_moderation_wherever_it_is(source):
    assert imports_of_moderation(source)


@pytest.mark.parametrize(
    "source",
    ["import board.models", "from board import moderation_helpers", "x = 'moderation'", "from . import x"],
)
def test_the_check_lets_the_board_be(source):
    assert imports_of_moderation(source) == []
