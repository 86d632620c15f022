"""Regenerate the expected/ output of the golden scenario sites.

Usage: python tests/update_golden.py [scenario ...]   (default: all)
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from golden import SITES, build_scenario, scenario_names

for name in sys.argv[1:] or scenario_names():
    build_scenario(name, SITES / name / "expected")
    print(f"updated tests/sites/{name}/expected")
