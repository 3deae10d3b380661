#!/usr/bin/env bash
# Synthesizes the default prompt recordings of queue-prompts from queue-core's prompt catalogs.
#
#   queue-prompts/tools/generate-prompts.sh           regenerate the pack (see $prompts below)
#   queue-prompts/tools/generate-prompts.sh --check   regenerate into a temp dir, compare, exit 1
#                                                     on any difference (nothing is written)
#
# Reads queue-core/src/main/resources/io/callqueue/core/announce/prompts-<lang>.txt (the format
# PromptCatalog loads: "key = text" lines, '#' comments, blank lines) and writes one
# <lang>/<key>.wav per key: 8000 Hz, mono, 16-bit signed PCM WAV, silence trimmed at both
# ends, 50 ms of silence added back at each end, peak-normalized to -3 dBFS. A language directory
# is replaced as a whole, so files of removed keys disappear. Output is byte-identical on rerun
# with the same espeak-ng and sox versions (espeak-ng is deterministic; sox runs without dither).
# The pack's index, SHA256SUMS (sha256sum output, sorted by path), lists every recording; it is
# how PromptPack lists the shipped pack.
#
# Needs: bash, espeak-ng (with the voices below), sox, sha256sum. See queue-prompts/tools/README.md.
set -euo pipefail
export LC_ALL=C.UTF-8

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
catalogs="$root/queue-core/src/main/resources/io/callqueue/core/announce"
prompts="$root/queue-prompts/src/main/resources/io/callqueue/prompts/default"

rate_wpm=150        # espeak-ng words per minute (its default, 175, is hurried on a phone line)
silence_db=-55d     # below this level counts as leading/trailing silence
pad_s=0.05          # silence kept at each end
peak_db=-3          # peak level after normalization

# espeak-ng voice per catalog language; a language not listed uses its own code as the voice.
voice_for() {
  case "$1" in
    en) echo en-us ;;
    pl) echo pl ;;
    *) echo "$1" ;;
  esac
}

check=false
case "${1:-}" in
  "") ;;
  --check) check=true ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null || { echo "$0: $tool not found (apt-get install espeak-ng sox)" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# One recording: text on stdin of espeak-ng (no shell or option parsing of the text).
synthesize() { # voice text out.wav
  printf '%s\n' "$2" | espeak-ng -v "$1" -s "$rate_wpm" --stdin --stdout \
    | sox -D -R -V1 -t wav - -t wav -e signed-integer -b 16 -c 1 "$3" \
        silence 1 0.01 "$silence_db" reverse silence 1 0.01 "$silence_db" reverse \
        rate -v 8000 gain -n "$peak_db" pad "$pad_s" "$pad_s"
}

key_re='^([a-z0-9][a-z0-9/_-]*)[[:space:]]*=[[:space:]]*([^[:space:]].*)$'
languages=()
shopt -s nullglob
for catalog in "$catalogs"/prompts-*.txt; do
  lang="${catalog##*/prompts-}"; lang="${lang%.txt}"
  voice="$(voice_for "$lang")"
  espeak-ng --voices="$voice" | grep -q . \
    || { echo "$0: espeak-ng has no voice '$voice' for $lang" >&2; exit 1; }
  languages+=("$lang")
  out="$work/$lang"
  mkdir -p "$out"
  count=0 number=0
  while IFS= read -r line || [[ -n "$line" ]]; do
    number=$((number + 1))
    line="${line#"${line%%[![:space:]]*}"}"; line="${line%"${line##*[![:space:]]}"}"
    [[ -z "$line" || "$line" == \#* ]] && continue
    [[ "$line" =~ $key_re ]] || { echo "$catalog:$number: expected 'key = text'" >&2; exit 1; }
    key="${BASH_REMATCH[1]}" text="${BASH_REMATCH[2]}"
    [[ ! -e "$out/$key.wav" ]] || { echo "$catalog:$number: duplicate key $key" >&2; exit 1; }
    mkdir -p "$(dirname "$out/$key.wav")"
    synthesize "$voice" "$text" "$out/$key.wav"
    count=$((count + 1))
  done < "$catalog"
  echo "$lang: $count prompts (voice $voice)"
done
(( ${#languages[@]} > 0 )) || { echo "$0: no catalogs in $catalogs" >&2; exit 1; }
(cd "$work" && find . -name '*.wav' | sed 's|^\./||' | sort | xargs sha256sum > SHA256SUMS)

if $check; then
  if diff -r "$work" "$prompts" >/dev/null 2>&1; then
    echo "prompts are up to date"
  else
    diff -rq "$work" "$prompts" >&2 || true
    echo "$0: prompts differ from the catalogs; run $0" >&2
    exit 1
  fi
  exit 0
fi

mkdir -p "$prompts"
# Drop directories of languages whose catalog is gone, then swap each language in whole.
for dir in "$prompts"/*/; do
  lang="$(basename "$dir")"
  [[ " ${languages[*]} " == *" $lang "* ]] || rm -rf "$dir"
done
for lang in "${languages[@]}"; do
  rm -rf "${prompts:?}/$lang"
  mv "$work/$lang" "$prompts/$lang"
done
mv "$work/SHA256SUMS" "$prompts/SHA256SUMS"
echo "wrote $(find "$prompts" -name '*.wav' | wc -l) files, $(du -sh "$prompts" | cut -f1) in $prompts"
