"""The production settings: `check --deploy` is clean, and what the tests override (fast hashing,
the second factor off) is as it should be in production. Each runs in a fresh interpreter with
the environment of production: no demo, no debug, real-looking secrets."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet


@pytest.fixture
def production_env(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        # the browser tests allow async-unsafe calls in this process; production never does
        if not k.startswith(("CHANCERY_", "DATABASE_")) and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="chancery.settings",
        CHANCERY_SECRET_KEY=secrets.token_urlsafe(50),
        CHANCERY_FIELD_KEYS=Fernet.generate_key().decode(),
        CHANCERY_LOOKUP_KEY=secrets.token_urlsafe(32),
        CHANCERY_DATA_DIR=str(tmp_path),
        CHANCERY_ALLOWED_HOSTS="chancery.mfa.example",
    )
    return env


def run(code, env):
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_without_a_warning(production_env):
    result = run(
        "from django.core.management import call_command; "
        "call_command('check', '--deploy', '--fail-level', 'WARNING')",
        production_env,
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_production_hashes_with_argon2_and_requires_the_second_factor(production_env):
    result = run(
        "import json; from django.conf import settings; "
        "from django.contrib.auth.hashers import make_password; "
        "print(json.dumps({'hash': make_password('Caspian-lighthouse'), "
        "'two_factor': settings.CHANCERY_REQUIRE_2FA, 'ssl': settings.SECURE_SSL_REDIRECT, "
        "'secure': settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE, "
        "'frames': settings.X_FRAME_OPTIONS, 'hsts': settings.SECURE_HSTS_SECONDS}))",
        production_env,
    )

    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts["hash"].startswith("argon2$")
    assert facts["two_factor"] is True
    assert facts["ssl"] is True
    assert facts["secure"] is True
    assert facts["frames"] == "DENY"
    assert facts["hsts"] >= 365 * 24 * 3600


def test_the_demo_leaves_the_second_factor_off(production_env):
    result = run(
        "from django.conf import settings; print(settings.CHANCERY_REQUIRE_2FA)",
        {**production_env, "CHANCERY_DEMO": "1"},
    )

    assert result.stdout.strip().splitlines()[-1] == "False"


def test_a_proxy_ssl_header_is_read_from_the_environment(production_env):
    result = run(
        "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)",
        {**production_env, "CHANCERY_PROXY_SSL_HEADER": "X-Forwarded-Proto:https"},
    )

    assert result.stdout.strip().splitlines()[-1] == "('HTTP_X_FORWARDED_PROTO', 'https')"
