#!/usr/bin/python3
"""Pillow's thumbnail path as Django's thumbnail apps (easy-thumbnails, sorl-thumbnail) take it: JPEG draft mode
(libjpeg DCT scaling while decoding, the shrink-on-load of Pillow), EXIF transpose, scale to cover and centre-crop,
WebP at quality 80. Run by bench/thumbnails.sh as the Django peer. Usage: thumbnails.py CORPUS OUT SIZE"""
import os
import sys

from PIL import Image, ImageOps

corpus, out, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(out, exist_ok=True)
for name in sorted(f for f in os.listdir(corpus) if f.endswith(".jpg")):
    with Image.open(os.path.join(corpus, name)) as im:
        im.draft("RGB", (size, size))  # decode at the smallest DCT scale still >= size on both sides
        im = ImageOps.exif_transpose(im)
        thumb = ImageOps.fit(im, (size, size), method=Image.BICUBIC, centering=(0.5, 0.5))
        thumb.save(os.path.join(out, os.path.splitext(name)[0] + ".webp"), "WEBP", quality=80)
