#!/usr/bin/env sh
# Makes the small copies of docs/images/*.png that the VSIX carries (media/screenshots/), for the extension's
# page: cropped to what matters, scaled down and reduced to a palette. Run after `npm run screenshots`.
# Needs ImageMagick and pngquant (Debian: apt-get install imagemagick pngquant).
set -eu
cd "$(dirname "$0")/.."
out=media/screenshots
mkdir -p "$out"
shrink() { # name crop(WxH+X+Y) width colours
  convert "docs/images/$1.png" -crop "$2" +repage -resize "$3x" -strip "$out/$1.tmp.png"
  pngquant --force --skip-if-larger --speed 1 --strip "$4" --output "$out/$1.png" "$out/$1.tmp.png" || cp "$out/$1.tmp.png" "$out/$1.png"
  rm -f "$out/$1.tmp.png"
  echo "$out/$1.png $(wc -c < "$out/$1.png") bytes"
}
shrink hover 1040x300+0+30 720 16
shrink highlights 1400x360+0+85 760 16
shrink tree 1400x440+0+30 760 16
