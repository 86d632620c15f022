"""Regenerate the expected output of the golden scenario sites and of ingest.

Usage: python tests/update_golden.py [scenario ...]   (default: all, and ingest)
"""

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from golden import INGEST_GOLDEN, SITES, build_scenario, ingest_scenario, scenario_names

from generator.search import INDEX_FOLDER

for name in sys.argv[1:] or scenario_names():
    build_scenario(name, SITES / name / "expected")
    # Pagefind's bundle and index are no golden of ours (golden.tree leaves them out)
    shutil.rmtree(SITES / name / "expected" / INDEX_FOLDER, ignore_errors=True)
    print(f"updated tests/sites/{name}/expected")
if not sys.argv[1:]:
    ingest_scenario(INGEST_GOLDEN)
    print("updated tests/ingest_golden")
