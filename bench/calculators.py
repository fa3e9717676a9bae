"""Calculator throughput: calls per second for each calculator, median of several rounds.

Run: python -m bench.calculators [--rounds 5] [--calls 300]
Prints the import time of the tools package (where all sympy solving and compiling happens) and, per
calculator, the median calls/second; the machine is shared, so read ratios and medians, not single runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

CASES = {
    "training_flop": ("tools.compute", "training_flop", {"params": 70e9, "tokens": 2e12}),
    "gpu_hours": ("tools.compute", "gpu_hours", {"params": 70e9, "tokens": 2e12, "gpu": "A100", "mfu": 0.4}),
    "gpu_hours (default MFU range)": ("tools.compute", "gpu_hours", {"params": 70e9, "tokens": 2e12, "gpu": "H100"}),
    "gpus_needed": ("tools.compute", "gpus_needed", {"days": 30, "params": 70e9, "tokens": 2e12, "gpu": "H100"}),
    "rental_cost": ("tools.cost", "rental_cost", {"params": 70e9, "tokens": 2e12, "gpu": "H100"}),
    "amortised_cost": ("tools.cost", "amortised_cost", {"gpu": "H100", "gpu_hours": 1e6}),
    "energy": ("tools.energy", "energy", {"gpu_hours": 1.72e6, "gpu": "A100"}),
    "carbon": ("tools.energy", "carbon", {"energy_kwh": 1.287e6, "region": "us"}),
    "chinchilla_optimal": ("tools.scaling", "chinchilla_optimal", {"flop": 5.76e23}),
}


def import_seconds() -> float:
    code = "import time; t = time.perf_counter(); import tools.registry; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()

    imports = sorted(import_seconds() for _ in range(3))
    print(f"import tools.registry (all formulas solved and compiled): median {imports[1] * 1000:.0f} ms")
    import importlib

    print(f"{'calculator':32} {'calls/s (median)':>18} {'µs/call':>10}")
    for label, (module, name, kwargs) in CASES.items():
        fn = getattr(importlib.import_module(module), name)
        fn(**kwargs)  # warm the knowledge base and alias caches
        rates = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            for _ in range(args.calls):
                fn(**kwargs)
            rates.append(args.calls / (time.perf_counter() - start))
        rate = statistics.median(rates)
        print(f"{label:32} {rate:18,.0f} {1e6 / rate:10.1f}")


if __name__ == "__main__":
    main()
