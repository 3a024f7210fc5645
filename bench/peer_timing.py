"""Timing shared by the peer benchmarks (peer_keras.py, peer_torch.py), as bench/tfjs-worker.ts times ours."""
import time

WINDOWS = 5


def median_rate(fn, calls, images):
    """Images per second of `calls` calls of fn: the median of WINDOWS timed windows."""
    per_window = max(1, round(calls / WINDOWS))
    rates = []
    for _ in range(WINDOWS):
        t = time.perf_counter()
        for _ in range(per_window):
            fn()
        rates.append(per_window * images / (time.perf_counter() - t))
    return sorted(rates)[WINDOWS // 2]
