#!/usr/bin/env bash
# Regenerates the photo fixtures of tanken-core's tests (tanken-core/src/test/resources/photos/,
# with manifest.csv holding what each file must be read as) and the demo photos in samples/.
#
# Needs java/javac 17+, exiftool, heif-enc and cwebp (Debian: libimage-exiftool-perl,
# libheif-examples, webp). Pixels come from scripts/PhotoFixtureImages.java (ImageIO, seeded), so
# ImageMagick is not needed. The manifest is written from the same values that are written into the
# files, so the tests compare what the inspector reads with what was put there.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/tanken-core/src/test/resources/photos
SAMPLES=$ROOT/samples

for tool in java javac exiftool heif-enc cwebp; do
    command -v "$tool" >/dev/null || { echo "make-photo-fixtures: '$tool' is not installed" >&2; exit 1; }
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
javac -d "$WORK/classes" "$ROOT/scripts/PhotoFixtureImages.java"

img() { java -cp "$WORK/classes" PhotoFixtureImages "$@"; }
# -n writes raw values (GPSAltitudeRef=1, Orientation=6) instead of their printed forms.
exif() { exiftool -q -q -overwrite_original -n "$@"; }
size_of() { stat -c %s "$1"; }

rm -rf "$OUT"
mkdir -p "$OUT"
MANIFEST=$OUT/manifest.csv
cat > "$MANIFEST" <<'EOF'
# Expected reading of every fixture; written by scripts/make-photo-fixtures.sh, do not edit.
# Empty cells mean "absent". error: '|'-separated fragments the rejection message must contain.
file,format,width,height,latitude,longitude,altitude,taken_local,taken_offset,orientation,error
EOF
row() { local IFS=,; echo "$*" >> "$MANIFEST"; }

# base KIND WIDTH HEIGHT SEED FILE: a fresh, metadata-free picture of the given kind.
base() {
    local kind=$1 width=$2 height=$3 seed=$4 file=$5
    case $kind in
        JPEG) img image "$width" "$height" "$seed" "$file" ;;
        PNG) img image "$width" "$height" "$seed" "$WORK/in.png"; cp "$WORK/in.png" "$file" ;;
        HEIF)
            img image "$width" "$height" "$seed" "$WORK/in.png"
            heif-enc -q 40 -o "$file" "$WORK/in.png" >/dev/null ;;
        WEBP)
            img image "$width" "$height" "$seed" "$WORK/in.png"
            cwebp -quiet -q 60 "$WORK/in.png" -o "$file" ;;
        WEBP_LOSSLESS)
            img image "$width" "$height" "$seed" "$WORK/in.png"
            cwebp -quiet -lossless "$WORK/in.png" -o "$file" ;;
        *) echo "unknown kind $kind" >&2; exit 1 ;;
    esac
}

# tag_args LAT LON ALT TAKEN OFFSET ORIENTATION: sets TAGS to the exiftool arguments writing them
# into EXIF (empty values are left out). Signs become the N/S, E/W and altitude references.
tag_args() {
    local lat=$1 lon=$2 alt=$3 taken=$4 offset=$5 orientation=$6
    TAGS=()
    if [[ -n $lat ]]; then
        TAGS+=("-GPSLatitude=${lat#-}" "-GPSLatitudeRef=$([[ $lat == -* ]] && echo S || echo N)")
    fi
    if [[ -n $lon ]]; then
        TAGS+=("-GPSLongitude=${lon#-}" "-GPSLongitudeRef=$([[ $lon == -* ]] && echo W || echo E)")
    fi
    if [[ -n $alt ]]; then
        TAGS+=("-GPSAltitude=${alt#-}" "-GPSAltitudeRef=$([[ $alt == -* ]] && echo 1 || echo 0)")
    fi
    if [[ -n $taken ]]; then
        local exif_time=${taken/T/ }
        TAGS+=("-DateTimeOriginal=${exif_time//-/:}")
    fi
    if [[ -n $offset ]]; then
        TAGS+=("-OffsetTimeOriginal=$offset")
    fi
    if [[ $orientation != 1 ]]; then
        TAGS+=("-Orientation=$orientation")
    fi
}

# photo FILE KIND WIDTH HEIGHT SEED LAT LON ALT TAKEN OFFSET ORIENTATION
# Makes a fixture whose metadata is exactly the given values and records them in the manifest.
photo() {
    local file=$1 kind=$2 width=$3 height=$4 seed=$5
    shift 5
    base "$kind" "$width" "$height" "$seed" "$OUT/$file"
    tag_args "$@"
    if ((${#TAGS[@]})); then exif "${TAGS[@]}" "$OUT/$file"; fi
    local format=${kind%_LOSSLESS}
    row "$file" "$format" "$width" "$height" "$@" ""
}

echo "fixtures -> $OUT"
#     file                          kind           w   h   seed lat         lon          alt   taken                offset orient
# One per hemisphere pair and format, with and without altitude and UTC offset.
photo jpeg-tokyo-station.jpg        JPEG           160 120 11   35.681236   139.767125   ""    2024-05-01T10:15:30  +09:00 1
photo jpeg-new-york.jpg             JPEG           160 120 12   40.748817   -73.985428   443   2023-11-23T08:00:00  ""     1
photo jpeg-sydney-opera-house.jpg   JPEG           120 160 13   -33.856784  151.215297   ""    2024-01-15T19:45:00  +11:00 1
photo jpeg-buenos-aires.jpg         JPEG           160 120 14   -34.603722  -58.381592   25    2022-12-18T18:30:00  -03:00 1
photo jpeg-fuji-summit.jpg          JPEG           160 120 15   35.360638   138.727363   3776  2023-08-10T04:50:00  +09:00 1
photo jpeg-schiphol-below-sea.jpg   JPEG           160 120 16   52.310539   4.768274     -3    2024-03-02T12:00:00  +01:00 1
photo jpeg-rotated-kyoto.jpg        JPEG           160 120 17   34.994856   135.785046   ""    2024-04-05T09:00:00  +09:00 6
photo jpeg-no-gps.jpg               JPEG           160 120 18   ""          ""           ""    2024-06-01T12:00:00  ""     1
photo jpeg-no-metadata.jpg          JPEG           96  64  19   ""          ""           ""    ""                   ""     1
photo heic-tokyo-skytree.heic       HEIF           160 120 21   35.710063   139.810700   634   2024-05-03T15:20:00  +09:00 1
photo heic-new-york-rotated.heic    HEIF           160 120 22   40.689247   -74.044502   ""    2023-09-09T11:11:11  ""     6
photo png-sydney-harbour.png        PNG            160 120 31   -33.852306  151.210787   ""    2024-01-20T07:30:00  +11:00 1
photo webp-buenos-aires.webp        WEBP           160 120 41   -34.634501  -58.363110   5     2022-11-11T16:00:00  -03:00 1
photo webp-lossless-bondi.webp      WEBP_LOSSLESS  128 96  42   -33.890842  151.274292   ""    2024-02-02T08:00:00  ""     8

# GPS only in XMP, the way exiftool writes it into PNG when asked for XMP tags.
base PNG 160 120 32 "$OUT/png-xmp-only-buenos-aires.png"
exif -XMP-exif:GPSLatitude=-34.608147 -XMP-exif:GPSLongitude=-58.370226 \
    -XMP-exif:GPSAltitude=12 -XMP-exif:GPSAltitudeRef=0 \
    '-XMP-exif:DateTimeOriginal=2022:10:10 10:10:10-03:00' "$OUT/png-xmp-only-buenos-aires.png"
row png-xmp-only-buenos-aires.png PNG 160 120 -34.608147 -58.370226 12 2022-10-10T10:10:10 -03:00 1 ""

# A PNG named .jpg: the format comes from the bytes. (exiftool trusts the name, so tag it first.)
base PNG 128 96 33 "$WORK/really-a-png.png"
tag_args 35.658581 139.745433 "" 2024-05-05T17:00:00 +09:00 1
exif "${TAGS[@]}" "$WORK/really-a-png.png"
cp "$WORK/really-a-png.png" "$OUT/really-a-png.jpg"
row really-a-png.jpg PNG 128 96 35.658581 139.745433 "" 2024-05-05T17:00:00 +09:00 1 ""

# GPS that must count as "no location": exactly 0,0; latitude without longitude; latitude 95.
base JPEG 160 120 51 "$OUT/jpeg-gps-zero.jpg"
tag_args 0 0 "" 2024-07-01T09:00:00 "" 1
exif "${TAGS[@]}" "$OUT/jpeg-gps-zero.jpg"
row jpeg-gps-zero.jpg JPEG 160 120 "" "" "" 2024-07-01T09:00:00 "" 1 ""

base JPEG 160 120 52 "$OUT/jpeg-gps-partial.jpg"
exif -GPSLatitude=35.5 -GPSLatitudeRef=N "$OUT/jpeg-gps-partial.jpg"
row jpeg-gps-partial.jpg JPEG 160 120 "" "" "" "" "" 1 ""

base JPEG 160 120 53 "$OUT/jpeg-gps-out-of-range.jpg"
exif -GPSLatitude=95 -GPSLatitudeRef=N -GPSLongitude=10 -GPSLongitudeRef=E "$OUT/jpeg-gps-out-of-range.jpg"
row jpeg-gps-out-of-range.jpg JPEG 160 120 "" "" "" "" "" 1 ""

# A damaged EXIF block does not make the picture unusable; its metadata is simply absent.
base JPEG 160 120 54 "$WORK/plain.jpg"
img garbage-exif "$WORK/plain.jpg" 54 "$OUT/jpeg-garbage-exif.jpg"
row jpeg-garbage-exif.jpg JPEG 160 120 "" "" "" "" "" 1 ""

# Rejected files.
cut_to() { head -c "$2" "$1"; }
cut_to "$OUT/jpeg-tokyo-station.jpg" $(($(size_of "$OUT/jpeg-tokyo-station.jpg") / 2)) > "$OUT/truncated-half.jpg"
row truncated-half.jpg "" "" "" "" "" "" "" "" "" "malformed or truncated JPEG|EOI"

cut_to "$OUT/png-sydney-harbour.png" $(($(size_of "$OUT/png-sydney-harbour.png") - 12)) > "$OUT/png-without-iend.png"
row png-without-iend.png "" "" "" "" "" "" "" "" "" "malformed or truncated PNG|IEND"

cut_to "$OUT/heic-tokyo-skytree.heic" $(($(size_of "$OUT/heic-tokyo-skytree.heic") * 3 / 4)) > "$OUT/truncated.heic"
row truncated.heic "" "" "" "" "" "" "" "" "" "malformed or truncated HEIF"

cut_to "$OUT/webp-buenos-aires.webp" $(($(size_of "$OUT/webp-buenos-aires.webp") / 2)) > "$OUT/truncated.webp"
row truncated.webp "" "" "" "" "" "" "" "" "" "malformed or truncated WebP|RIFF"

img random 4096 61 "$OUT/random-bytes.jpg"
row random-bytes.jpg "" "" "" "" "" "" "" "" "" "unsupported image format|unrecognised data"

: > "$OUT/empty.jpg"
row empty.jpg "" "" "" "" "" "" "" "" "" "empty file"

for kind in tif gif bmp; do
    img image 64 48 62 "$OUT/not-a-photo.$kind"
done
row not-a-photo.tif "" "" "" "" "" "" "" "" "" "unsupported image format: TIFF"
row not-a-photo.gif "" "" "" "" "" "" "" "" "" "unsupported image format: GIF"
row not-a-photo.bmp "" "" "" "" "" "" "" "" "" "unsupported image format: BMP"

base JPEG 64 48 63 "$WORK/small.jpg"
img resize-jpeg-header "$WORK/small.jpg" 20000 20000 "$OUT/huge-dimensions.jpg"
row huge-dimensions.jpg "" "" "" "" "" "" "" "" "" "image is too large: 20000x20000"

for f in "$OUT"/*; do
    if (($(size_of "$f") >= 30000)); then echo "fixture $f is not small" >&2; exit 1; fi
done

# Demo photos for the README: around Tokyo Station (all within 10 km) and two in Kyoto.
echo "samples -> $SAMPLES"
rm -rf "$SAMPLES"
mkdir -p "$SAMPLES"
sample() {
    local file=$1 seed=$2 lat=$3 lon=$4 taken=$5 title=$6
    img scene 480 320 "$seed" "$title" "$SAMPLES/$file"
    tag_args "$lat" "$lon" "" "$taken" +09:00 1
    exif "${TAGS[@]}" "-ImageDescription=$title" "$SAMPLES/$file"
}
sample tokyo-station-marunouchi.jpg     101 35.681236 139.767125 2024-04-06T08:30:00 "Tokyo Station, Marunouchi side"
sample imperial-palace-east-gardens.jpg 102 35.685175 139.752799 2024-04-06T10:05:00 "Imperial Palace East Gardens"
sample asakusa-kaminarimon-gate.jpg     103 35.711086 139.796471 2024-04-06T13:40:00 "Kaminarimon gate, Asakusa"
sample ueno-park-shinobazu-pond.jpg     104 35.711944 139.770556 2024-04-06T15:15:00 "Shinobazu Pond, Ueno Park"
sample tokyo-tower-from-shiba-park.jpg  105 35.656421 139.748688 2024-04-06T18:20:00 "Tokyo Tower from Shiba Park"
sample shibuya-scramble-crossing.jpg    106 35.659482 139.700553 2024-04-06T20:45:00 "Shibuya Scramble Crossing"
sample kyoto-kiyomizu-dera.jpg          107 34.994856 135.785046 2024-04-08T09:10:00 "Kiyomizu-dera, Kyoto"
sample kyoto-fushimi-inari-torii.jpg    108 34.967140 135.772672 2024-04-08T14:30:00 "Fushimi Inari torii, Kyoto"

echo "done: $(($(wc -l < "$MANIFEST") - 3)) fixtures, $(find "$SAMPLES" -type f | wc -l) samples"
