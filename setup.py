"""Builds the Python package `prospect` through CMake: configures a build of
its own (portable instruction set, no tests) or reuses $PROSPECT_BUILD_DIR,
builds the module and the command line only, and installs them with the
package's Python files (CMake's `python` install component, python/CMakeLists.txt)."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent

# The instruction set a package is built for: a portable one, never the build
# machine's own (which the package may not run on elsewhere).
PACKAGE_ARCH_OPTIONS = ["-DPROSPECT_ARCH=x86-64-v3"]


def version():
    """PROJECT_VERSION, the one version number (CMakeLists.txt)."""
    text = (ROOT / "CMakeLists.txt").read_text()
    return re.search(r"project\(prospect VERSION ([0-9.]+)", text).group(1)


class CMakeBuild(build_ext):
    def run(self):
        build = ROOT / (os.environ.get("PROSPECT_BUILD_DIR") or Path(self.build_temp) / "cmake")
        if (build / "CMakeCache.txt").exists():
            print(f"prospect: building in {build} as it is configured", flush=True)
        else:
            self.configure(build)
        subprocess.run(["cmake", "--build", str(build), "-j", str(os.cpu_count() or 1),
                        "--target", "_prospect", "prospect"], check=True)
        subprocess.run(["cmake", "--install", str(build), "--component", "python",
                        "--prefix", str(Path(self.build_lib).resolve())], check=True)

    def configure(self, build):
        launcher = []
        if shutil.which("ccache"):
            launcher = ["-DCMAKE_CXX_COMPILER_LAUNCHER=ccache", "-DCMAKE_C_COMPILER_LAUNCHER=ccache"]
        subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release",
                        f"-DPython3_EXECUTABLE={sys.executable}", "-DPROSPECT_BUILD_TESTS=OFF",
                        "-DPROSPECT_BUILD_BENCHMARKS=OFF", *PACKAGE_ARCH_OPTIONS, *launcher],
                       check=True)


setup(
    version=version(),
    packages=[],  # the package comes from CMake's install (CMakeBuild)
    ext_modules=[Extension("prospect._prospect", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    options={"build": {"build_base": "build/python-package"}},
)
