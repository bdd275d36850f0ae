"""SPEC §5 batch features of a candle CSV in vectorised pandas: the baseline of `pnpm bench features`.

Usage: features_pandas.py CANDLES.csv [WARMUP RUNS]. Prints one JSON object: versions, the timing of
`features()` (from the parsed candle frame to the feature frame; the CSV read is not timed) and the feature
table, one list per column with null where undefined, for the cross-check against the TypeScript batch.
"""

import json
import math
import statistics
import sys
import time

import numpy as np
import pandas as pd

FOUR_LN_2 = 4 * math.log(2)
GK_CLOSE_WEIGHT = 2 * math.log(2) - 1


def features(candles: pd.DataFrame) -> pd.DataFrame:
    close = candles["close"]
    difference = close.diff()
    # Simple rolling means over 14 differences (not Wilder's); the first is at candle 1, so 14 from candle 14.
    gain = difference.clip(lower=0).rolling(14, min_periods=14).mean()
    loss = (-difference).clip(lower=0).rolling(14, min_periods=14).mean()
    sma20 = close.rolling(20).mean()
    # Sample std, ddof = 1: SPEC §5. pandas updates a running variance as the window moves: ~1e-10 relative
    # off a two-pass std of the same 20 closes (numpy's and computeFeatureColumns' agree to ~1e-15).
    std20 = close.rolling(20).std()
    ret = close.pct_change()
    hl = np.log(candles["high"] / candles["low"]) ** 2
    co = np.log(close / candles["open"]) ** 2
    return pd.DataFrame(
        {
            "ret": ret,
            # min_periods counts the defined returns among the 24 candles (ret of candle 0 is NaN): SPEC §5
            "vol24": ret.rolling(24, min_periods=8).std(),
            "sma12": close.rolling(12, min_periods=4).mean(),
            "sma48": close.rolling(48, min_periods=12).mean(),
            # losses 0: gain / 0 = inf, so 100; both 0: 0 / 0 = NaN (SPEC §5)
            "rsi14": 100 - 100 / (1 + gain / loss),
            "bb_upper": sma20 + 2 * std20,
            "bb_lower": sma20 - 2 * std20,
            "momentum_12": close.pct_change(12),
            "momentum_24": close.pct_change(24),
            "log_volume": np.log1p(candles["volume"]),
            # Range variances: not SPEC §5, but computeFeatureColumns has them: both sides do the same work.
            "parkinson_var": hl / FOUR_LN_2,
            "garman_klass_var": hl / 2 - GK_CLOSE_WEIGHT * co,
        }
    )


def timed(candles: pd.DataFrame, warmup: int, runs: int) -> dict:
    for _ in range(warmup):
        features(candles)
    wall, cpu = [], []
    for _ in range(runs):
        cpu_start, start = time.process_time(), time.perf_counter()
        features(candles)
        wall.append((time.perf_counter() - start) * 1e3)
        cpu.append((time.process_time() - cpu_start) * 1e3)
    # median_high: the upper middle sample, as the TypeScript recorder's median; rounded to µs as there
    return {
        "medianMs": round(statistics.median_high(wall), 3),
        "minMs": round(min(wall), 3),
        "cpuMedianMs": round(statistics.median_high(cpu), 3),
        "runs": runs,
    }


def main() -> None:
    path, warmup, runs = sys.argv[1], *map(int, sys.argv[2:4] or (3, 15))
    candles = pd.read_csv(path, dtype="float64")
    table = features(candles)
    result = {
        "python": sys.version.split()[0],
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "candles": len(candles),
        "timing": timed(candles, warmup, runs),
        # NaN is not JSON: null where undefined; Python floats print exactly (shortest round-trip repr).
        "columns": {name: [None if math.isnan(x) else x for x in c.tolist()] for name, c in table.items()},
    }
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
