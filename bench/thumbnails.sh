#!/usr/bin/env bash
# Thumbnail throughput: BlazorMedia's ThumbnailGenerator vs libvips' own vipsthumbnail, same files, same size,
# one core each, rounds interleaved so machine noise hits both alike. Prints the median of the rounds.
# Usage: bench/thumbnails.sh [rounds=5] [size=256]
set -euo pipefail

ROUNDS="${1:-5}"
SIZE="${2:-256}"
HERE="$(cd "$(dirname "$0")" && pwd)"
WORK="$(mktemp -d /tmp/blazormedia-bench.XXXXXX)"
# Everything below runs in the foreground; the only thing left to clean up is the work folder.
trap 'rm -rf "$WORK"' EXIT

# A clean CI machine has none of the tools; install what is missing (Debian packages).
need=()
command -v vips >/dev/null || need+=(libvips-tools)
command -v vipsthumbnail >/dev/null || need+=(libvips-tools)
[ -x /usr/bin/time ] || need+=(time)
command -v taskset >/dev/null || need+=(util-linux)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "# building the bench (Release)"
dotnet build "$HERE/BlazorMedia.Bench/BlazorMedia.Bench.csproj" -c Release -v quiet -nologo >/dev/null
BENCH="$HERE/BlazorMedia.Bench/bin/Release/net10.0/BlazorMedia.Bench.dll"

echo "# generating 12 JPEGs, 1 to 24 megapixels (3:2, Q=90)"
mkdir -p "$WORK/corpus"
i=0
for mp in 1 2 3 4 6 8 10 12 16 18 20 24; do
  i=$((i + 1))
  w=$(awk -v mp="$mp" 'BEGIN { printf "%d", sqrt(mp * 1000000 * 1.5) }')
  h=$(awk -v w="$w" 'BEGIN { printf "%d", w / 1.5 }')
  # Soft noise: photo-like file sizes rather than incompressible static.
  vips gaussnoise "$WORK/n.v" "$w" "$h" --sigma 20
  vips gaussblur "$WORK/n.v" "$WORK/b.v" 1.5
  vips cast "$WORK/b.v" "$WORK/c.v" uchar
  vips colourspace "$WORK/c.v" "$(printf '%s/corpus/%02d-%smp.jpg' "$WORK" "$i" "$mp")[Q=90]" srgb
done
rm -f "$WORK"/*.v
files=("$WORK"/corpus/*.jpg)
echo "# corpus: ${#files[@]} files, $(du -sh "$WORK/corpus" | cut -f1)"

# Single core for both: pinned to CPU 0 and one libvips worker thread.
export VIPS_CONCURRENCY=1
ours_tps=(); ours_wall_tps=(); theirs_tps=(); ours_kb=(); theirs_kb=()
for round in $(seq 1 "$ROUNDS"); do
  rm -rf "$WORK/ours" "$WORK/theirs"; mkdir -p "$WORK/ours" "$WORK/theirs"

  start=$(date +%s.%N)
  line=$(taskset -c 0 dotnet "$BENCH" "$WORK/corpus" "$WORK/ours" "$SIZE")
  end=$(date +%s.%N)
  # Whole process, .NET start-up, JIT and a warm-up thumbnail included: the pessimistic figure.
  ours_wall_tps+=("$(awk -v n="${#files[@]}" -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", n / (b - a) }')")
  secs=$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$line")
  ours_kb+=("$(sed -E 's/.*vmhwm_kb=([0-9]+).*/\1/' <<<"$line")")
  ours_tps+=("$(awk -v n="${#files[@]}" -v s="$secs" 'BEGIN { printf "%.3f", n / s }')")

  # Wall time of the whole vipsthumbnail process (includes its start-up, a few ms); ours excludes .NET start-up.
  start=$(date +%s.%N)
  taskset -c 0 /usr/bin/time -v -o "$WORK/time.txt" \
    vipsthumbnail -s "${SIZE}x${SIZE}" -m centre -o "$WORK/theirs/%s.webp[Q=80,strip]" "${files[@]}"
  end=$(date +%s.%N)
  theirs_kb+=("$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/time.txt")")
  theirs_tps+=("$(awk -v n="${#files[@]}" -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", n / (b - a) }')")

  echo "round $round: ours ${ours_tps[-1]} thumbnails/s in-process, ${ours_wall_tps[-1]} whole process (VmHWM ${ours_kb[-1]} kB); vipsthumbnail ${theirs_tps[-1]} thumbnails/s (max RSS ${theirs_kb[-1]} kB)"
done

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
o=$(median "${ours_tps[@]}"); ow=$(median "${ours_wall_tps[@]}"); t=$(median "${theirs_tps[@]}")
echo
echo "median of $ROUNDS rounds, ${#files[@]} files (1-24 MP JPEG) -> ${SIZE}x${SIZE} WebP, 1 core:"
echo "  ThumbnailGenerator: $o thumbnails/s in-process ($ow whole process), peak RSS $(median "${ours_kb[@]}") kB (includes the .NET runtime)"
echo "  vipsthumbnail:      $t thumbnails/s, peak RSS $(median "${theirs_kb[@]}") kB"
awk -v o="$o" -v w="$ow" -v t="$t" 'BEGIN { r = o / t; printf "  ratio: %.2fx vipsthumbnail in-process, %.2fx whole process (target >= 0.90x): %s\n", r, w / t, (r >= 0.9 ? "met" : "NOT met") }'
