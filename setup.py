"""The compiled kernels; everything else about the package is in pyproject.toml."""

from Cython.Build import cythonize
from setuptools import Extension, setup

setup(
    ext_modules=cythonize(
        [
            Extension(
                "closeknit.conversation._kernels",
                ["src/closeknit/conversation/_kernels.pyx"],
                # -O3 vectorises the 28-label row sums; never -ffast-math: the kernels must
                # add in the reference's order to give the same bits.
                extra_compile_args=["-O3"],
            )
        ],
        compiler_directives={"language_level": "3"},
    )
)
