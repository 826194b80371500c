#!/usr/bin/env bash
# Thumbnail throughput, four ways in ONE run on the same 1-24 MP JPEG corpus, one core each (pinned to CPU 0, one
# libvips worker): the app's ThumbnailGenerator on its libvips engine (NetVips, bundled libvips 8.18) and on its
# ImageSharp engine, Debian's vipsthumbnail (libvips 8.14), and Pillow's draft-mode thumbnail (python3-pil, the
# Django peer). Every figure is WHOLE PROCESS (start-up, JIT, library start and every file), because that is what
# the target names; the verdict is computed on exactly those figures. Rounds interleave the four, in a rotating
# order, so machine noise hits all alike; the median of the rounds is reported.
# Usage: bench/thumbnails.sh [rounds=5] [size=256]
set -euo pipefail

ROUNDS="${1:-5}"
SIZE="${2:-256}"
HERE="$(cd "$(dirname "$0")" && pwd)"
WORK="$(mktemp -d /tmp/blazormedia-bench.XXXXXX)"
# Everything below runs in the foreground; the only thing left to clean up is the work folder.
trap 'rm -rf "$WORK"' EXIT

# A clean CI machine has none of the peers (vipsthumbnail, Pillow, GNU time): the bench packages bring them.
"$HERE/../scripts/install-deps.sh" bench

echo "# building the bench (Release)"
dotnet build "$HERE/BlazorMedia.Bench/BlazorMedia.Bench.csproj" -c Release -v quiet -nologo -clp:ErrorsOnly >&2
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
n=${#files[@]}
echo "# corpus: $n files, $(du -sh "$WORK/corpus" | cut -f1)"
echo "# load before: $(uptime)"

export VIPS_CONCURRENCY=1
names=(libvips imagesharp vipsthumbnail pillow)
declare -A tps kb
command_for() { # name out-dir
  case "$1" in
    libvips) echo dotnet "$BENCH" thumbnails LibVips "$WORK/corpus" "$2" "$SIZE" ;;
    imagesharp) echo dotnet "$BENCH" thumbnails ImageSharp "$WORK/corpus" "$2" "$SIZE" ;;
    pillow) echo /usr/bin/python3 "$HERE/thumbnails.py" "$WORK/corpus" "$2" "$SIZE" ;;
  esac
}
run_one() { # name
  local out="$WORK/out-$1"
  rm -rf "$out"; mkdir -p "$out"
  local start end
  start=$(date +%s.%N)
  if [ "$1" = vipsthumbnail ]; then
    taskset -c 0 /usr/bin/time -f '%M' -o "$WORK/rss" \
      vipsthumbnail -s "${SIZE}x${SIZE}" -m centre -o "$out/%s.webp[Q=80,strip]" "${files[@]}"
  else
    # shellcheck disable=SC2046
    taskset -c 0 /usr/bin/time -f '%M' -o "$WORK/rss" $(command_for "$1" "$out") >"$WORK/line"
  fi
  end=$(date +%s.%N)
  [ "$(find "$out" -name '*.webp' | wc -l)" -eq "$n" ] || { echo "$1 made $(find "$out" -name '*.webp' | wc -l) of $n thumbnails" >&2; exit 1; }
  tps[$1]+="$(awk -v n="$n" -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", n / (b - a) }') "
  kb[$1]+="$(tail -1 "$WORK/rss") "
}
for round in $(seq 1 "$ROUNDS"); do
  # Rotate the order each round so no contender always runs first (cold caches) or last.
  order=("${names[@]:$(( (round - 1) % 4 ))}" "${names[@]:0:$(( (round - 1) % 4 ))}")
  for name in "${order[@]}"; do run_one "$name"; done
  line="round $round:"
  for name in "${names[@]}"; do line+=" $name $(awk '{ print $NF }' <<<"${tps[$name]}")/s"; done
  echo "$line"
done
echo "# load after: $(uptime)"

median() { printf '%s\n' $1 | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo
echo "median of $ROUNDS rounds, $n files (1-24 MP JPEG) -> ${SIZE}x${SIZE} WebP, 1 core, whole process:"
echo
echo "| contender | thumbnails/s | peak RSS kB |"
echo "|---|---:|---:|"
echo "| ThumbnailGenerator, Imaging:Engine=LibVips (default) | $(median "${tps[libvips]}") | $(median "${kb[libvips]}") |"
echo "| ThumbnailGenerator, Imaging:Engine=ImageSharp | $(median "${tps[imagesharp]}") | $(median "${kb[imagesharp]}") |"
echo "| peer: vipsthumbnail (Debian libvips $(vips --version | sed -E 's/vips-([0-9.]+).*/\1/')) | $(median "${tps[vipsthumbnail]}") | $(median "${kb[vipsthumbnail]}") |"
echo "| peer: Pillow $(/usr/bin/python3 -c 'import PIL; print(PIL.__version__)') draft mode | $(median "${tps[pillow]}") | $(median "${kb[pillow]}") |"
echo
d=$(median "${tps[libvips]}"); v=$(median "${tps[vipsthumbnail]}"); p=$(median "${tps[pillow]}"); s=$(median "${tps[imagesharp]}")
awk -v d="$d" -v v="$v" -v p="$p" -v s="$s" 'BEGIN {
  printf "  ratio: default engine %.2fx vipsthumbnail (target >= 1.0x, whole process): %s\n", d / v, (d / v >= 1.0 ? "met" : "NOT met")
  printf "  ratio: default engine %.2fx Pillow draft (target >= 1.0x, whole process): %s\n", d / p, (d / p >= 1.0 ? "met" : "NOT met")
  printf "  ratio: ImageSharp engine %.2fx vipsthumbnail, %.2fx Pillow draft (no target)\n", s / v, s / p
}'
