"""Serve a Python function to TTG over the serve protocol (docs/serve-protocol.md). Standard library only.

    from ttg_serve import serve

    model = load_model()          # start-up: paid once per compute slot, not per parameter

    @serve
    def f(x, y):                  # called with each parameter's values as keyword arguments
        return model.predict(x, y)  # a number, string, bool, or a flat dict of them

Put the decorated function last in the script: in a script run directly, ``@serve`` starts serving at once.
``print`` inside the function goes to stderr, so it cannot corrupt the protocol on stdout.
"""

import json
import math
import os
import sys

__all__ = ["serve", "run"]


def _clean(value):
    # JSON has no NaN or infinity; send null so the line stays valid JSON.
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    return value


def _answer(fn, line, dumps):
    try:
        request = json.loads(line)
    except ValueError:
        return None
    index = request.get("index")
    try:
        result = fn(**(request.get("params") or {}))
        return dumps({"index": index, "result": _clean(result)})
    except Exception as error:  # one parameter's error is its own; the server goes on
        return dumps({"index": index, "error": f"{type(error).__name__}: {error}"})


def run(fn, stdin_fd=0, stdout_fd=1):
    """Answers requests from ``stdin_fd`` until it closes; each batch read is answered with one write."""
    out = os.dup(stdout_fd)
    os.dup2(2, stdout_fd)  # user prints (and C extensions) now reach stderr
    sys.stdout = sys.stderr
    dumps = json.JSONEncoder(separators=(",", ":"), allow_nan=False).encode
    pending = b""
    while True:
        chunk = os.read(stdin_fd, 1 << 16)
        if not chunk:
            return
        lines = (pending + chunk).split(b"\n")
        pending = lines.pop()
        replies = [r for r in (_answer(fn, line, dumps) for line in lines if line.strip()) if r is not None]
        if replies:
            data = ("\n".join(replies) + "\n").encode()
            while data:
                data = data[os.write(out, data):]


def serve(fn):
    """Decorator: in a script run directly, serves ``fn`` at once; on import, just returns it (for tests)."""
    if fn.__module__ == "__main__":
        try:
            run(fn)
        except (BrokenPipeError, KeyboardInterrupt):
            pass
        sys.exit(0)
    fn.serve = lambda: run(fn)
    return fn
