"""Where the example scripts beside this file write, and how their figures look.

    python3 examples/python/<script>.py [OUTPUT_DIR]

OUTPUT_DIR (default: the current directory, made if missing) receives the
script's figures and run files. A file already there is never replaced: the
script stops and names it. Figures take the style of prospect's own
(prospect.plot.use_style, prospect.plot.tidy).
"""

import os
import sys

import matplotlib.pyplot as plt

import prospect.plot

prospect.plot.use_style()


def output_dir() -> str:
    directory = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(directory, exist_ok=True)
    return directory


def new_file(name: str) -> str:
    """The path of `name` in the output directory, which must not exist yet."""
    path = os.path.join(output_dir(), name)
    if os.path.exists(path):
        sys.exit(f"{os.path.basename(sys.argv[0])}: error: {path} exists "
                 "(remove it, or name another output directory)")
    return path


def save(fig: plt.Figure, name: str) -> None:
    path = new_file(name)
    prospect.plot.tidy(fig)
    fig.savefig(path)
    plt.close(fig)
    print(f"wrote {path}")
