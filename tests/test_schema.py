"""The schema comes from migrations, agrees with the models and guards its data."""

import pytest
import sqlalchemy as sa

from statusapp.config import ConfigError, database_url, from_environment
from statusapp.extensions import db
from statusapp.models import StatusCode


def test_models_and_migrations_agree(runner):
    # `flask db check` exits non-zero when autogenerate finds any difference.
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output


def test_migrations_downgrade_and_upgrade_again(app_factory, empty_db_url):
    app = app_factory(empty_db_url)
    cli = app.test_cli_runner()
    for command in (["db", "upgrade"], ["db", "downgrade", "base"], ["db", "upgrade"]):
        assert cli.invoke(args=command).exit_code == 0, command
    with app.app_context():
        assert sa.inspect(db.engine).has_table("status_code")
        db.engine.dispose()


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ("(600, 'Too big', 'permanent')", "code_range"),
        ("(99, 'Too small', 'permanent')", "code_range"),
        ("(299, 'Odd', 'popular')", "registry_status"),
    ],
)
def test_check_constraints_refuse_bad_rows(app, values, constraint):
    with app.app_context():
        with pytest.raises(sa.exc.IntegrityError, match=constraint):
            db.session.execute(
                sa.text(
                    "INSERT INTO status_code (code, reason_phrase, registry_status) "
                    f"VALUES {values}"
                )
            )
        db.session.rollback()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("code", 600, "100 to 599"),
        ("registry_status", "popular", "one of permanent"),
    ],
)
def test_models_validate_before_the_database_does(field, value, message):
    values = {"code": 299, "reason_phrase": "X", "registry_status": "permanent"}
    values[field] = value
    with pytest.raises(ValueError, match=message):
        StatusCode(**values)


def test_timestamps_are_aware_utc(app):
    with app.app_context():
        code = db.session.get(StatusCode, 200)
        assert code.created_at.utcoffset().total_seconds() == 0
        code.reason_phrase = "OK!"
        db.session.commit()
        assert code.version == 2
        assert code.updated_at >= code.created_at


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, "sqlite:////srv/instance/statusapp.sqlite3"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_url(raw, expected):
    assert database_url(raw, "/srv/instance") == expected


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("STATUSAPP_ENV", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        from_environment("/srv/instance")


def test_development_keeps_its_key_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("STATUSAPP_ENV", "development")
    key = from_environment(str(tmp_path))["SECRET_KEY"]
    assert len(key) == 64
    # A restarted server signs with the same key, so sessions survive it.
    assert from_environment(str(tmp_path))["SECRET_KEY"] == key
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert from_environment(str(tmp_path / "other"))["SECRET_KEY"] != key


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("LOGIN_LIMIT_STORAGE", "memory://", "must be 'database' or a redis:// URL"),
        ("RATELIMIT_STORAGE_URI", "redis://h/0", "is now LOGIN_LIMIT_STORAGE"),
    ],
)
def test_login_limit_storage_must_be_shared(
    monkeypatch, tmp_path, variable, value, message
):
    monkeypatch.setenv("STATUSAPP_ENV", "development")
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError, match=message):
        from_environment(str(tmp_path))


def test_login_limits_are_counted_in_the_database_unless_told(monkeypatch, tmp_path):
    monkeypatch.setenv("STATUSAPP_ENV", "development")
    monkeypatch.delenv("LOGIN_LIMIT_STORAGE", raising=False)
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    assert from_environment(str(tmp_path))["LOGIN_LIMIT_STORAGE"] == "database"
    monkeypatch.setenv("LOGIN_LIMIT_STORAGE", "redis://127.0.0.1:6379/0")
    assert from_environment(str(tmp_path))["LOGIN_LIMIT_STORAGE"].startswith("redis")
