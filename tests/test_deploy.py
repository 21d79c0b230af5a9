"""The production start is in the repository and checked: gunicorn's config file, the nginx
site (nginx -t) and the systemd unit (systemd-analyze verify, else parsed).

CI installs nginx (.ci/run) and sets YORISOI_DEPLOY_CHECKS=required, so that a missing tool
fails there instead of skipping; elsewhere each check says why it is skipped."""

import configparser
import os
import re
import runpy
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
REQUIRED = os.environ.get("YORISOI_DEPLOY_CHECKS") == "required"


def _needs(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        if REQUIRED:
            pytest.fail(f"{tool} is required here (YORISOI_DEPLOY_CHECKS=required)")
        pytest.skip(f"{tool} is not installed (Debian: apt-get install {tool})")
    return found


def test_gunicorn_reads_its_settings_from_the_file_and_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    settings = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert settings["workers"] == 3
    assert settings["threads"] >= 2 and settings["worker_class"] == "gthread"
    assert settings["timeout"] >= 30 and settings["graceful_timeout"] >= 10
    assert settings["accesslog"] == "-" and settings["preload_app"] is False
    assert settings["bind"].startswith("127.0.0.1:")


def test_the_nginx_site_passes_nginx_t(tmp_path):
    nginx = _needs("nginx")
    openssl = _needs("openssl")
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=learn.example.jp", "-keyout", str(tmp_path / "key.pem"),
         "-out", str(tmp_path / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (DEPLOY / "nginx" / "yorisoi.conf").read_text()
    for real, here in (
        ("/etc/ssl/yorisoi/fullchain.pem", tmp_path / "cert.pem"),
        ("/etc/ssl/yorisoi/privkey.pem", tmp_path / "key.pem"),
        ("/var/log/nginx/", f"{tmp_path}/"),
        ("/srv/yorisoi/app/static/", f"{ROOT / 'app' / 'static'}/"),
    ):
        assert str(real) in site
        site = site.replace(str(real), str(here))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  client_body_temp_path {tmp_path}/body;\n"
        f"  proxy_temp_path {tmp_path}/proxy;\n  access_log off;\n"
        f"  include {tmp_path}/site.conf;\n}}\n"
    )
    done = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr


def test_the_nginx_site_caches_static_files_and_passes_the_proxy_headers():
    site = (DEPLOY / "nginx" / "yorisoi.conf").read_text()
    static = re.search(r"location /static/ \{(.*?)\}", site, re.S)
    assert static and "max-age=31536000" in static.group(1)
    assert "alias /srv/yorisoi/app/static/;" in static.group(1)
    for header in (
        "X-Forwarded-For $proxy_add_x_forwarded_for",
        "X-Forwarded-Proto $scheme",
        "X-Forwarded-Host $host",
    ):
        assert header in site
    assert "PROXY_COUNT=1" in site  # says which PROXY_COUNT the headers go with
    assert re.search(r"listen 443 ssl", site) and "return 301 https://" in site


def test_static_addresses_change_with_the_file(client):
    html = client.get("/login").get_data(as_text=True)
    found = re.search(r'href="/static/css/yorisoi\.css\?v=([0-9a-f]{12})"', html)
    assert found, "the stylesheet is linked with its content hash"
    with client.get(f"/static/css/yorisoi.css?v={found.group(1)}") as response:
        assert response.status_code == 200


def _unit() -> str:
    return (DEPLOY / "systemd" / "yorisoi.service").read_text()


def test_the_systemd_unit_verifies(tmp_path):
    text = (
        _unit()
        .replace("/srv/yorisoi", str(ROOT))
        .replace("/etc/yorisoi/env", str(tmp_path / "env"))
    )
    (tmp_path / "env").write_text("YORISOI_ENV=production\n")
    unit = tmp_path / "yorisoi.service"
    unit.write_text(text)
    analyze = shutil.which("systemd-analyze")
    if analyze is not None:
        done = subprocess.run([analyze, "verify", str(unit)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert "yorisoi.service" not in done.stderr, done.stderr  # no warning about it
    # Parsed in any case (where systemd-analyze is missing, this is the check).
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(_unit())
    service = parser["Service"]
    assert "gunicorn -c deploy/gunicorn.conf.py" in service["ExecStart"]
    assert "db upgrade" in service["ExecStartPre"]
    assert service["EnvironmentFile"] == "/etc/yorisoi/env"
    assert service["ExecReload"] == "/bin/kill -s HUP $MAINPID"
    assert service["Type"] == "notify" and parser["Install"]["WantedBy"] == "multi-user.target"
