# Sourced by the GPU lease scripts (gpu_session.sh, gpu_candidates.sh), from training/, after they set
# T0 (start, epoch seconds), SECONDS_TOTAL, PY, DATA and SPLIT.
say() { echo "[$(( $(date +%s) - T0 )) s] $*"; }
left() { echo $(( SECONDS_TOTAL - ($(date +%s) - T0) )); }
# What the machine has, then the training set decoded once into training/runs/cache (the runs share it).
preamble() {
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null || echo 'no nvidia-smi'
    "$PY" -c 'import torch, scipy, PIL, numpy; print("torch", torch.__version__, "scipy", scipy.__version__, "PIL", PIL.__version__, "numpy", numpy.__version__, "cuda", torch.cuda.is_available() and torch.cuda.get_device_name())'
    "$PY" data.py --data "$DATA" --split "$SPLIT" || return 1
    say decoded
}
