#!/usr/bin/env bash
# One lease of a GPU machine (issue 11), as one prepared command of at most ~9 minutes:
#   1. decode the JPEG training pack (the test set does not travel: 64 MiB cap on the working tree);
#   2. train, side by side on the one GPU, three widget-sized models (preset cpu-small, 1.05 M params, the
#      size the browser samples in seconds): class-conditional OT-CFM (the sampler's new default), and an
#      unconditional OT-CFM / I-CFM pair with the same recipe and wall-clock budget (chapter 11's
#      straightness-vs-NFE comparison); beside them the feature classifier of the quality score;
#   3. export the EMA weights (float16, widget-ready) and pack the runs (EMA only, no optimiser state)
#      into $OUT before anything else can fail;
#   4. the sample side of the quality score (quality_split.py stats), against a deadline; `finish` runs
#      later where the test set is.
# Usage, from the repository root on the device machine (the pack carried in .cifar/):
#   bash training/gpu_session.sh .cifar "$OUT"
# Environment (defaults are the real run; the smoke test here overrides them):
#   TRAIN_MIN (5.5) SECONDS_TOTAL (520) SPLIT (train) PRESET (cpu-small) BATCH (256) N (10000)
#   AGREE (1000) EPOCHS (15) LOG_EVERY (500)
set -uo pipefail
T0=$(date +%s)
DATA=$(realpath "$1")
OUT=$(realpath "$2")
cd "$(dirname "$0")"
TRAIN_MIN=${TRAIN_MIN:-5.5}
SECONDS_TOTAL=${SECONDS_TOTAL:-520}
SPLIT=${SPLIT:-train}
PRESET=${PRESET:-cpu-small}
BATCH=${BATCH:-256}
N=${N:-10000}
AGREE=${AGREE:-1000}
EPOCHS=${EPOCHS:-15}
LOG_EVERY=${LOG_EVERY:-500}
PY=${PY:-python3}
STAGE=${STAGE:-all}  # all, or stats: only step 4, on a warm machine that still holds $R from a first call
R=runs/gpu-session
# auto: a warm machine that already holds trained runs in $R (an earlier call) only exports and scores them
if [ "$STAGE" = auto ] && [ -f "$R/cond-ot/ckpt/manifest.json" ] && [ -f "$R/icfm/ckpt/manifest.json" ]; then STAGE=export; fi
[ "$STAGE" = stats ] || [ "$STAGE" = export ] || { rm -rf "$R" && mkdir -p "$R/export"; }
mkdir -p "$R/export"
export PYTHONUNBUFFERED=1 OMP_NUM_THREADS=${OMP_NUM_THREADS:-4}
source ./gpu_lib.sh

preamble || exit 1
if [ "$STAGE" != stats ]; then
if [ "$STAGE" != export ]; then

# Same recipe for all three; the class-conditional one adds the null class (p_uncond 0.1).
common=(--data "$DATA" --split "$SPLIT" --preset "$PRESET" --batch "$BATCH" --lr 5e-4 --warmup 1000 --ema 0.9995
        --max-minutes "$TRAIN_MIN" --save-minutes 2 --log-every "$LOG_EVERY")
"$PY" train.py "${common[@]}" --run $R/cond-ot --conditional --method ot > $R/cond-ot.out 2>&1 &
"$PY" train.py "${common[@]}" --run $R/ot --method ot > $R/ot.out 2>&1 &
"$PY" train.py "${common[@]}" --run $R/icfm --method icfm > $R/icfm.out 2>&1 &
"$PY" quality.py classifier --data "$DATA" --split "$SPLIT" --epochs "$EPOCHS" --width 32 --batch 256 \
    --out $R/classifier --no-test > $R/classifier.out 2>&1 &
wait
say trained
fi
for f in $R/*.out; do echo "== $f"; tail -n 2 "$f"; done

export_run() {  # run name title
    "$PY" export_tfjs.py --run "$R/$1" --name "$2" --out $R/export --title "$3" > "$R/export-$1.out" 2>&1
}
export_run cond-ot cifar10-cond-ot-gpu 'Class-conditional OT-CFM, GPU' &
export_run ot cifar10-ot-gpu 'OT-CFM, GPU' &
export_run icfm cifar10-icfm-gpu 'I-CFM, GPU' &
wait
cat $R/export-*.out
# EMA-only copies of the runs (what export_tfjs.py reads), so the golden files can be written at home.
"$PY" slim_runs.py "$R" cond-ot ot icfm
# Two files: the device returns files of at most 16 MiB (three EMA states alone are 12.6 MB).
tar -cf "$OUT/exports.tar" -C $R classifier export $(cd $R && ls *.out)
tar -cf "$OUT/slim-runs.tar" -C $R slim
ls -la "$OUT"
say "packed; $(left) s left for the quality statistics"
fi

stats() {  # out, then quality_split.py stats arguments
    local out=$1; shift
    timeout "$(( $(left) - 15 ))" "$PY" quality_split.py stats --data "$DATA" --classifier $R/classifier/classifier.pt \
        --n "$N" --agreement "$AGREE" --out "$R/stats/$out" "$@" > "$R/stats-${out%.npz}.out" 2>&1
    echo "stats $out exit $?"
}
mkdir -p $R/stats
stats cond.npz --checkpoint $R/export/cifar10-cond-ot-gpu ../public/checkpoints/cifar10-cond-ot-cpu \
    --nfe 10 20 50 --guidance 2 --agreement-nfe 20 --agreement-guidance 1 2 3 &
stats uncond.npz --checkpoint $R/export/cifar10-ot-gpu $R/export/cifar10-icfm-gpu --nfe 1 2 5 10 20 50 --no-floor &
wait
for f in $R/stats-*.out; do echo "== $f"; tail -n 4 "$f"; done
tar -cf "$OUT/stats.tar" -C $R stats $(cd $R && ls stats-*.out)
say done
ls -la "$OUT"
