#!/usr/bin/env bash
# The allocator study behind docs/benchmarks/train-step.md: every glibc malloc setting considered, for the train-step
# benchmark (step time against the floor measured in the same process, peak RSS) and for the compare sample (wall time
# and peak RSS from /usr/bin/time). The train step runs TorchSharp's Adam and HyperAdam side by side; the compare sample
# trains with HyperAdam (its TorchSharp-Adam columns in the docs came from a temporary one-line switch back to
# optim.Adam in ImageTraining). Settings go in through glibc's own environment variables, so every run uses the same
# binaries; HYPERGEN_SAMPLES_MALLOPT=0 keeps the samples from applying their own setting.
#   usage: Tests/HyperGen.Benchmarks/allocator-study.sh OUT_DIR [compare-args...]
set -euo pipefail
out=${1:?output directory}; shift
compare_args=("$@"); [ ${#compare_args[@]} -eq 0 ] && compare_args=(--seeds 1 --optimizers adam --steps 30 --inits hyperfan-in,xavier,kaiming)
root=$(cd "$(dirname "$0")/../.." && pwd)
bench="$root/Tests/HyperGen.Benchmarks/bin/Release/net10.0/HyperGen.Benchmarks.dll"
samples="$root/Samples/HyperGen.Samples/bin/Release/net10.0/HyperGen.Samples"
mkdir -p "$out"
declare -A settings=(
  [default]=""
  [mallopt-1e9]="MALLOC_MMAP_THRESHOLD_=1000000000 MALLOC_TRIM_THRESHOLD_=1000000000"
  [mallopt-128M]="MALLOC_MMAP_THRESHOLD_=134217728 MALLOC_TRIM_THRESHOLD_=134217728"
  [thp]="THP_MEM_ALLOC_ENABLE=1"
)
for name in default mallopt-1e9 mallopt-128M thp; do
  echo "== $name: train-step" >&2
  env ${settings[$name]} dotnet "$bench" train-step --only "TorchSharp Adam,HyperAdam" --rounds "${ROUNDS:-4}" --steps "${STEPS:-5}" \
    --out "$out/train-step-$name.md" 2>"$out/train-step-$name.log" >/dev/null
  echo "== $name: compare" >&2
  /usr/bin/time -f "wall %e s, peak RSS %M KB" -o "$out/compare-$name.time" \
    env HYPERGEN_SAMPLES_MALLOPT=0 ${settings[$name]} "$samples" compare "${compare_args[@]}" --out "$out/compare-$name" \
    >"$out/compare-$name.log" 2>&1
  cat "$out/compare-$name.time" >&2
done
