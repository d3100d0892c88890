"""`manage.py bench_ingest` runs end to end on a small batch and ends with its JSON line."""
import json
import subprocess

import pytest

from ..processes import BIN, ROOT, database_url, process_env

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_bench_ingest_processes_every_article_exactly_once_and_prints_json():
    done = subprocess.run(
        [str(BIN / "python"), "manage.py", "bench_ingest", "--articles", "24", "--workers", "1", "--paragraphs", "3"],
        cwd=ROOT, env=process_env(DATABASE_URL=database_url()), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    last = json.loads(done.stdout.strip().splitlines()[-1])
    assert (last["articles"], last["lost"], last["duplicated"], last["failed"]) == (24, 0, 0, 0)
    assert last["articles_per_s"] > 0 and last["worker_rss_mb"] > 0 and last["suggestions"] >= 24
