# The trivial model of bench/serve.sh: the cost measured is TTG's and the protocol's, not the model's.
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "clients", "python"))
from ttg_serve import serve  # noqa: E402


@serve
def f(x=0.0, y=0.0):
    return x * y + 1
