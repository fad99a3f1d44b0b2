"""`flask seed`: loads seed.sql once, keeps edits, resets on request, fails cleanly."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from statusapp.extensions import db
from statusapp.models import Note, StatusCode, Translation

SEED = Path(__file__).resolve().parent.parent / "seed.sql"


def snapshot(app) -> dict[str, list]:
    """Every row of every catalogue table, for comparing whole databases."""
    with app.app_context():
        return {
            name: sorted(
                map(tuple, db.session.execute(sa.select(table)).all()), key=repr
            )
            for name, table in db.metadata.tables.items()
        }


def test_seed_on_an_empty_database_migrates_then_loads(app_factory, empty_db_url):
    app = app_factory(empty_db_url)
    result = app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "running the migrations" in result.output
    assert "Inserted 308" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(StatusCode.code))) == 88
        db.engine.dispose()


def test_second_seed_changes_nothing_and_says_so(app, runner):
    before = snapshot(app)
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "Inserted 0, kept 308, skipped 0" in result.output
    assert "Nothing to do" in result.output
    assert snapshot(app) == before


def test_seed_keeps_edits_and_restores_deleted_rows(app, runner):
    with app.app_context():
        db.session.get(Translation, (404, "en")).description = "Edited by hand."
        db.session.get(StatusCode, 418).aliases = ["Teapot"]
        db.session.delete(db.session.get(Translation, (500, "en")))
        db.session.commit()
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "Inserted 1, kept 305, skipped 2" in result.output
    with app.app_context():
        assert db.session.get(Translation, (404, "en")).description == "Edited by hand."
        assert db.session.get(StatusCode, 418).aliases == ["Teapot"]
        assert db.session.get(Translation, (500, "en")) is not None


def test_reset_asks_first_and_aborts_on_no(app, runner):
    with app.app_context():
        db.session.get(Translation, (404, "en")).description = "Edited by hand."
        db.session.commit()
    result = runner.invoke(args=["seed", "--reset"], input="n\n")
    assert result.exit_code == 1
    assert "Aborted" in result.output
    with app.app_context():
        assert db.session.get(Translation, (404, "en")).description == "Edited by hand."


@pytest.mark.parametrize("args", [["--reset", "--yes"], ["--reset"]])
def test_reset_restores_the_seed_state(app, runner, args):
    pristine = snapshot(app)
    with app.app_context():
        db.session.get(Translation, (404, "en")).description = "Edited by hand."
        db.session.add(Note(code=404, body="An editor's note"))
        db.session.commit()
    result = runner.invoke(args=["seed", *args], input="y\n")
    assert result.exit_code == 0, result.output
    assert "back to the seed state" in result.output
    restored = snapshot(app)
    # Timestamps and generated ids are the database's own; compare the text.
    with app.app_context():
        assert db.session.get(Translation, (404, "en")).description != "Edited by hand."
        bodies = db.session.scalars(sa.select(Note.body)).all()
    assert "An editor's note" not in bodies
    assert len(restored["note"]) == len(pristine["note"])
    assert len(restored["translation"]) == len(pristine["translation"])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("INSERT INTO status_code (code) VALUES (", "not terminated"),
        ("INSERT INTO nowhere (x) VALUES (1);", "line 1"),
        ("DELETE FROM status_code;", "only INSERT"),
        (
            SEED.read_text(encoding="utf-8")
            + "\nINSERT INTO status_code (code, reason_phrase, registry_status)"
            " VALUES (700, 'Nope', 'permanent');",
            "CHECK constraint failed",
        ),
        ("", "no status codes"),
    ],
)
def test_malformed_seed_writes_nothing(app, runner, tmp_path, content, message):
    before = snapshot(app)
    bad = tmp_path / "bad.sql"
    bad.write_text(content, encoding="utf-8")
    result = runner.invoke(args=["seed", "--reset", "--yes", "--file", str(bad)])
    assert result.exit_code == 1
    assert message in result.output
    assert "Nothing was written" in result.output
    assert snapshot(app) == before


def test_missing_seed_file_is_reported(runner, tmp_path):
    result = runner.invoke(args=["seed", "--file", str(tmp_path / "none.sql")])
    assert result.exit_code == 1
    assert "cannot read" in result.output


def test_unreachable_database_gives_a_clear_error(app_factory):
    app = app_factory("postgresql+psycopg://nobody@127.0.0.1:1/none")
    result = app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 1
    assert "cannot use the database at postgresql+psycopg://nobody@127.0.0.1:1" in (
        result.output
    )
    assert "Traceback" not in result.output


def test_seed_sql_loads_as_plain_sql(app_factory, empty_db_url):
    """seed.sql is portable: it runs unchanged on a migrated SQLite or PostgreSQL."""
    app = app_factory(empty_db_url)
    assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    from statusapp.seeding import statements

    with app.app_context():
        with db.engine.begin() as conn:
            for _, sql in statements(SEED.read_text(encoding="utf-8")):
                conn.exec_driver_sql(sql)
        assert db.session.get(Translation, (418, "zh-CN")).description == (
            "服务器拒绝尝试用 茶壶冲泡咖啡"
        )
        db.engine.dispose()


def test_seed_fills_added_columns_of_rows_nobody_changed(app, runner):
    # A database seeded before codes had header rules: 429 is as seeded
    # then, 405 was edited since (version 2), so only 429 is filled.
    with app.app_context():
        db.session.execute(
            sa.text(
                "UPDATE status_code SET header_rules = '[]', "
                "version = CASE WHEN code = 405 THEN 2 ELSE version END "
                "WHERE code IN (405, 429)"
            )
        )
        db.session.commit()
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "filled   1" in result.output
    assert "Filled 1 rows" in result.output
    with app.app_context():
        db.session.expire_all()
        rules = db.session.get(StatusCode, 429).header_rules
        assert [r["header"] for r in rules] == ["Retry-After"]
        assert db.session.get(StatusCode, 405).header_rules == []
