#!/usr/bin/env bash
# One lease of a GPU machine for the sampler's default checkpoint: train several class-conditional
# candidates side by side, export them, and score them with the carried judge, as one prepared
# command of at most ~9 minutes. The candidates share the widget's network (preset cpu-small, 1.05 M
# parameters, the size the browser samples in seconds) and differ in batch and start:
#   b128  fresh, batch 128, Adam 5e-4, warm-up 1000, EMA 0.9995
#   b256  fresh, batch 256, same recipe (the recipe of cifar10-cond-ot-gpu, here alone on the GPU)
#   warm  warm-started from the current default (public/checkpoints/cifar10-cond-ot-cpu): its recipe
#         (batch 64, Adam 4e-4) kept, a fresh optimiser with a 200-step warm-up
# The judge is not trained here: its weights travel (JUDGE, from `quality.py classifier`), so that the
# scores are comparable with the recorded ones. `quality_split.py finish` runs later where the test
# set is (it adds the floor and the judge's accuracy, and checks the judge's sha256).
# Usage, from the repository root on the device machine (pack and judge carried):
#   bash training/gpu_candidates.sh .cifar training/runs/judge/classifier.pt "$OUT"
# Environment (defaults are the real run; the smoke test here overrides them):
#   TRAIN_MIN (6.5) SECONDS_TOTAL (560) SPLIT (train) PRESET (cpu-small) N (10000) AGREE (1000)
#   LOG_EVERY (500) CANDIDATES ("b128 b256 warm") WARM_FROM (../public/checkpoints/cifar10-cond-ot-cpu)
set -uo pipefail
T0=$(date +%s)
DATA=$(realpath "$1")
JUDGE=$(realpath "$2")
OUT=$(realpath "$3")
cd "$(dirname "$0")"
TRAIN_MIN=${TRAIN_MIN:-6.5}
SECONDS_TOTAL=${SECONDS_TOTAL:-560}
SPLIT=${SPLIT:-train}
PRESET=${PRESET:-cpu-small}
N=${N:-10000}
AGREE=${AGREE:-1000}
LOG_EVERY=${LOG_EVERY:-500}
CANDIDATES=${CANDIDATES:-b128 b256 warm}
WARM_FROM=${WARM_FROM:-../public/checkpoints/cifar10-cond-ot-cpu}
PY=${PY:-python3}
R=runs/gpu-candidates
rm -rf "$R" && mkdir -p "$R/export" "$R/stats"
export PYTHONUNBUFFERED=1 OMP_NUM_THREADS=${OMP_NUM_THREADS:-4}
source ./gpu_lib.sh

preamble || exit 1

common=(--data "$DATA" --split "$SPLIT" --max-minutes "$TRAIN_MIN" --save-minutes 2 --log-every "$LOG_EVERY")
fresh=(--preset "$PRESET" --conditional --method ot --lr 5e-4 --warmup 1000 --ema 0.9995)
for c in $CANDIDATES; do
    case $c in
        b128) "$PY" train.py "${common[@]}" "${fresh[@]}" --batch 128 --run $R/$c > $R/$c.out 2>&1 & ;;
        b256) "$PY" train.py "${common[@]}" "${fresh[@]}" --batch 256 --run $R/$c > $R/$c.out 2>&1 & ;;
        warm) "$PY" train.py "${common[@]}" --init-from "$WARM_FROM" --warmup 200 --run $R/$c > $R/$c.out 2>&1 & ;;
        *) echo "unknown candidate $c"; exit 2 ;;
    esac
done
wait
say trained
for c in $CANDIDATES; do echo "== $c"; tail -n 2 "$R/$c.out"; done

for c in $CANDIDATES; do
    "$PY" export_tfjs.py --run "$R/$c" --name "cifar10-cond-ot-$c" --out $R/export \
        --title "Class-conditional OT-CFM ($c), GPU" > "$R/export-$c.out" 2>&1 &
done
wait
tail -n 3 $R/export-*.out
# EMA-only copies of the runs (what export_tfjs.py reads), so that the winner is re-exported here with
# its golden files; the exports themselves, so that the scores can be checked against the weights.
"$PY" slim_runs.py "$R" $CANDIDATES
tar -cf "$OUT/exports.tar" -C $R export $(cd $R && ls *.out)
tar -cf "$OUT/slim-runs.tar" -C $R slim
say "packed; $(left) s left for the quality statistics"

for c in $CANDIDATES; do
    timeout "$(( $(left) - 10 ))" "$PY" quality_split.py stats --data "$DATA" --classifier "$JUDGE" --no-floor \
        --checkpoint "$R/export/cifar10-cond-ot-$c" --n "$N" --nfe 10 20 50 --guidance 2 \
        --agreement "$AGREE" --agreement-nfe 20 --agreement-guidance 1 2 3 \
        --out "$R/stats/$c.npz" > "$R/stats-$c.out" 2>&1 &
done
wait
for c in $CANDIDATES; do echo "== stats $c"; tail -n 3 "$R/stats-$c.out"; done
tar -cf "$OUT/stats.tar" -C $R stats $(cd $R && ls stats-*.out)
say done
ls -la "$OUT"
