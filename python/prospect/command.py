"""The `prospect` command of an installed package: runs the command-line
program the package carries (prospect/bin/prospect) with the same arguments."""

import os
import sys


def main() -> None:
    program = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", "prospect")
    if not os.access(program, os.X_OK):
        sys.exit(f"prospect: error: {program} is missing: this prospect package was not "
                 "installed with pip (run the command line from the build directory instead)")
    os.execv(program, ["prospect"] + sys.argv[1:])
