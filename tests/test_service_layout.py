"""The service layer's shape (issues 11, 24): domain packages, imports that only point one way, and
modules small enough to read."""

from __future__ import annotations

import ast
from pathlib import Path

from horologen.config import PROJECT_ROOT

PACKAGE_ROOT = PROJECT_ROOT / "horologen"
SERVICES = PACKAGE_ROOT / "services"
DOMAINS = ("catalogue", "accounts", "articles", "operations")
ABOVE = "backoffice"  # whole-shop views over several domains: seed, data checks, usage
PACKAGES = (*DOMAINS, ABOVE)
# What each package may import from the others (ARCHITECTURE.md, "The service layer by domain").
# `operations` is the ground every domain stands on, so it imports no other package; `backoffice`
# sits above the domains and may import any of them, and nothing in a domain imports it.
ALLOWED = {
    "catalogue": {"catalogue", "accounts.access", "operations.audit", "operations.inputs", "operations.gc_pause"},
    "accounts": {"accounts", "operations"},
    "articles": {"articles", "catalogue", "accounts", "operations"},
    "operations": {"operations"},
    ABOVE: {ABOVE, *DOMAINS},
}
MAX_LINES = 400


def service_imports(path: Path) -> set[str]:
    """The service modules `path` imports, as "package.module" (or "package" for the package itself)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("horologen.services"):
            rest = node.module.removeprefix("horologen.services").lstrip(".")
            if "." in rest:  # from horologen.services.pkg.module import Name
                found.add(rest)
            else:  # from horologen.services.pkg import module, module
                found |= {f"{rest}.{alias.name}".lstrip(".") for alias in node.names}
        elif isinstance(node, ast.Import):  # import horologen.services.pkg.module
            found |= {
                alias.name.removeprefix("horologen.services.")
                for alias in node.names
                if alias.name.startswith("horologen.services.")
            }
    return found


def test_every_module_lives_in_a_domain_package() -> None:
    loose = sorted(p.name for p in SERVICES.glob("*.py") if p.name != "__init__.py")
    assert loose == [], f"modules outside a domain package: {loose}"
    unknown = sorted(p.name for p in SERVICES.iterdir() if p.is_dir() and p.name not in (*PACKAGES, "__pycache__"))
    assert unknown == [], f"service packages with no import rule here: {unknown}"
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


def test_no_domain_imports_the_back_office() -> None:
    for package in DOMAINS:
        for module in (SERVICES / package).glob("*.py"):
            upward = sorted(t for t in service_imports(module) if t == ABOVE or t.startswith(ABOVE + "."))
            assert upward == [], f"{package}/{module.name} imports {upward}: {ABOVE} sits above the domains"


def test_modules_stay_small() -> None:
    too_long = []
    for module in sorted(PACKAGE_ROOT.rglob("*.py")):
        lines = len(module.read_text().splitlines())
        if lines > MAX_LINES:
            too_long.append(f"{module.relative_to(PROJECT_ROOT)} ({lines})")
    assert too_long == [], f"over {MAX_LINES} lines, what second thing does each do? {', '.join(too_long)}"
