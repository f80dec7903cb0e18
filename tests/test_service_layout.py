"""The service layer's shape (issue 11): domain packages, and imports that only point one way."""

from __future__ import annotations

import ast
from pathlib import Path

from horologen.config import PROJECT_ROOT

SERVICES = PROJECT_ROOT / "horologen" / "services"
PACKAGES = ("catalogue", "accounts", "articles", "operations")
# What each package may import from the others (ARCHITECTURE.md, "The service layer by domain").
ALLOWED = {
    "catalogue": {"catalogue", "accounts.access", "operations.audit", "operations.inputs"},
    "accounts": {"accounts", "operations"},
    "articles": {"articles", "catalogue", "accounts", "operations"},
    "operations": {"operations", "accounts", "catalogue"},
}
FOUNDATION = {"audit.py", "quota.py", "health.py", "inputs.py"}  # imported by everyone, import nobody


def service_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("horologen.services"):
            rest = node.module.removeprefix("horologen.services").lstrip(".")
            if "." in rest:  # from horologen.services.pkg.module import Name
                found.add(rest)
            else:  # from horologen.services.pkg import module, module
                found |= {f"{rest}.{alias.name}".lstrip(".") for alias in node.names}
    return found


def test_every_module_lives_in_a_domain_package() -> None:
    loose = sorted(p.name for p in SERVICES.glob("*.py") if p.name != "__init__.py")
    assert loose == [], f"modules outside a domain package: {loose}"
    for package in PACKAGES:
        doc = ast.get_docstring(ast.parse((SERVICES / package / "__init__.py").read_text()))
        assert doc and "import" in doc, f"{package}/__init__.py must say what it owns and may import"


def test_imports_point_one_way() -> None:
    for package in PACKAGES:
        for module in (SERVICES / package).glob("*.py"):
            for target in service_imports(module):
                allowed = ALLOWED[package]
                assert any(target == a or target.startswith(a + ".") for a in allowed), (
                    f"{package}/{module.name} imports {target}"
                )
                if module.name in FOUNDATION:
                    assert target.startswith("operations"), f"{module.name} is a foundation module: {target}"


def test_modules_stay_small() -> None:
    for module in SERVICES.rglob("*.py"):
        lines = len(module.read_text().splitlines())
        assert lines <= 400, f"{module.relative_to(SERVICES)} has {lines} lines: what second thing does it do?"
