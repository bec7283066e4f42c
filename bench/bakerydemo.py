"""Set up wagtail/bakerydemo (Wagtail's reference site) beside this project, for the side-by-side
showcase bench (bench/showcase_compare.py).

One command, idempotent; each step is skipped when its result is already there:

    .venv/bin/python bench/bakerydemo.py --source ~/src/bakerydemo   # or BAKERYDEMO_SRC=...

1. copies the source (a checkout of https://github.com/wagtail/bakerydemo, or its bare git
   directory, whose HEAD is exported) to var/bakerydemo/src;
2. makes its own virtualenv, var/bakerydemo/venv, and installs requirements/base.txt plus
   whitenoise and gunicorn from the package index (its production.txt also asks for uwsgi,
   boto3, elasticsearch and cloud storage, which a local SQLite site never imports);
3. migrate, load_initial_data (its demo breads, blog, locations and pictures) and collectstatic
   with bakerydemo.settings.production (DEBUG off, whitenoise, locmem cache) on SQLite.

Nothing is fetched at run time except from the package index. `--python` chooses the
interpreter of the new virtualenv (default: the one running this script).
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOME = ROOT / "var" / "bakerydemo"
# Beside requirements/base.txt: what its production settings import, and the very gunicorn
# that serves this project (the same server for both sites).
EXTRA_REQUIREMENTS = ("whitenoise>=6.11.0,<7", f"gunicorn=={metadata.version('gunicorn')}")
KEY_FILENAME = "django-key"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--source",
        default=os.environ.get("BAKERYDEMO_SRC", ""),
        help="a bakerydemo checkout or bare git dir (default: $BAKERYDEMO_SRC)",
    )
    parser.add_argument("--home", type=Path, default=HOME, help="where to set it up")
    parser.add_argument("--python", default=sys.executable, help="interpreter of its venv")
    return parser.parse_args(argv)


def log(message: str) -> None:
    print(f"[bakerydemo] {message}", file=sys.stderr, flush=True)


def copy_source(source: Path, src: Path) -> None:
    """Copy a checkout (without .git) or export a bare git dir's HEAD to src, once."""
    if (src / "manage.py").exists():
        return
    log(f"copying {source} to {src}")
    tmp = src.with_name("src.partial")
    shutil.rmtree(tmp, ignore_errors=True)
    if (source / "manage.py").exists():
        shutil.copytree(source, tmp, ignore=shutil.ignore_patterns(".git", "node_modules"))
    else:  # a bare repository, e.g. a mirror
        tmp.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "--git-dir", str(source), "archive", "HEAD"], check=True, capture_output=True
        )
        subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive.stdout, check=True)
    tmp.rename(src)  # only a complete copy counts as done


def requirements_stamp(src: Path) -> str:
    text = (src / "requirements" / "base.txt").read_text() + "\n".join(EXTRA_REQUIREMENTS)
    return hashlib.sha256(text.encode()).hexdigest()


def install(home: Path, python: str) -> Path:
    """Its own venv with its requirements; reinstalled only when they change. Returns python."""
    venv, src = home / "venv", home / "src"
    venv_python = venv / "bin" / "python"
    if not venv_python.exists():
        log(f"virtualenv {venv} ({python})")
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
    stamp, wanted = venv / "installed.sha256", requirements_stamp(src)
    if stamp.exists() and stamp.read_text() == wanted:
        return venv_python
    log("pip install -r requirements/base.txt " + " ".join(EXTRA_REQUIREMENTS))
    pip = [str(venv_python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run(
        [*pip, "-r", str(src / "requirements" / "base.txt"), *EXTRA_REQUIREMENTS], check=True
    )
    stamp.write_text(wanted)
    return venv_python


def server_env(home: Path) -> dict[str, str]:
    """Its production settings on SQLite (src/bakerydemodb), plain HTTP on loopback."""
    secret = home / KEY_FILENAME
    if not secret.exists():
        secret.write_text(os.urandom(32).hex())
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    env.pop("REDIS_URL", None)  # its production settings then use a locmem cache
    env.update(
        DJANGO_SETTINGS_MODULE="bakerydemo.settings.production",
        DJANGO_SECRET_KEY=secret.read_text(),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        DJANGO_LOG_LEVEL="WARNING",
        PRIMARY_HOST="localhost",  # WAGTAILADMIN_BASE_URL, silencing a system check
    )
    return env


def manage(home: Path, *args: str) -> None:
    log(f"manage.py {' '.join(args)}")
    python = home / "venv" / "bin" / "python"
    subprocess.run(
        [str(python), "manage.py", *args],
        cwd=home / "src",
        env=server_env(home),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def build_site(home: Path) -> None:
    """migrate, load_initial_data once (it is not idempotent), collectstatic."""
    manage(home, "migrate", "--noinput", "-v0")
    loaded = home / "initial_data.loaded"
    if not loaded.exists():
        manage(home, "load_initial_data")
        loaded.touch()
    manage(home, "collectstatic", "--noinput", "-v0")


def gunicorn_command(home: Path, host: str, port: int, workers: int) -> list[str]:
    """The command serving it with gunicorn sync workers (run with cwd=src, env=server_env)."""
    python = str(home / "venv" / "bin" / "python")
    return [
        *(python, "-m", "gunicorn", "--bind", f"{host}:{port}", "--workers", str(workers)),
        *("--no-control-socket", "bakerydemo.wsgi"),
    ]


def wagtail_version(home: Path) -> str:
    python = str(home / "venv" / "bin" / "python")
    code = "import django, wagtail; print(wagtail.__version__, django.__version__)"
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    wagtail, django = out.stdout.split()
    return f"Wagtail {wagtail}, Django {django}"


def ensure(home: Path, source: str, python: str = sys.executable) -> None:
    """Everything above, each step only if needed; ValueError if there is no source yet."""
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "src" / "manage.py").exists():
        if not source:
            raise ValueError("no bakerydemo source: give --source or BAKERYDEMO_SRC")
        copy_source(Path(source).expanduser(), home / "src")
    install(home, python)
    build_site(home)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        ensure(args.home, args.source, args.python)
    except (ValueError, subprocess.CalledProcessError) as error:
        log(f"failed: {error}")
        return 1
    log(f"ready in {args.home} ({wagtail_version(args.home)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
