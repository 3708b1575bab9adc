"""Run mutmut with the `@service` functions mutated too (used by bench/mutation.sh; by hand, not in CI).

mutmut 3 skips every decorated function: a decorator runs when the function is defined, and copying a function
that registers itself (a route, a property) would break. Our `@service` / `@audit.service` decorator does
neither: it only wraps the call in a transaction and credits the acting user. So functions whose only
decorators are that one are mutated like undecorated ones; mutmut's copies keep the decorator, so a mutant runs
inside two nested transactions (a savepoint), which changes nothing the tests observe.

    .venv/bin/python bench/mutmut_run.py run --max-children 1 "objectives.services.workflow*"
"""

import sys

import libcst as cst
from mutmut.__main__ import cli
from mutmut.mutation import file_mutation

SAFE_DECORATORS = {"service"}


def _name(decorator: cst.BaseExpression) -> str:
    if isinstance(decorator, cst.Attribute):
        return decorator.attr.value
    return getattr(decorator, "value", "")


def _only_safe_decorators(node: cst.CSTNode) -> bool:
    return (
        isinstance(node, cst.FunctionDef)
        and bool(node.decorators)
        and all(_name(d.decorator) in SAFE_DECORATORS for d in node.decorators)
    )


def _patch() -> None:
    visitor = next(
        cls for cls in vars(file_mutation).values() if isinstance(cls, type) and "_skip_node_and_children" in vars(cls)
    )
    original = visitor._skip_node_and_children

    def skip_node_and_children(self, node: cst.CSTNode) -> bool:
        if _only_safe_decorators(node):
            position = self.get_metadata(file_mutation.PositionProvider, node, None)
            if position and position.start.line in self._ignored_node_lines:
                return original(self, node)
            return original(self, node.with_changes(decorators=[]))
        return original(self, node)

    visitor._skip_node_and_children = skip_node_and_children


if __name__ == "__main__":
    _patch()
    sys.argv[0] = "mutmut"
    sys.exit(cli())
