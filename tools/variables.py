"""Formula variables that several calculators share, defined once so names, units and labels agree."""

from tools.formula import Var

GPU_HOURS = Var("gpu_hours", "GPU-hour", "accelerator-hours")
GPUS = Var("gpus", "GPU", "accelerators")
PRICE_PER_GPU_HOUR = Var("price_per_gpu_hour", "USD/GPU-hour", "price per accelerator-hour")
PUE = Var("pue", "ratio", "PUE")
SERVER_POWER = Var("server_power_multiplier", "ratio", "server power per chip over chip TDP")
POWER_FRACTION = Var("power_fraction", "ratio", "average draw as a share of server TDP")
