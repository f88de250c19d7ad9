"""Enhancement: super-resolution, quality enhancement, frame interpolation and picture adjustment.

    sr = edgeav.enhance.SuperResolution(scale=1.5)          # or scale=(1920, 1080)
    pro = edgeav.enhance.SuperResolution(2.0, mode="professional")  # + the AI refinement
    clean = edgeav.enhance.QualityEnhancer().process(decoded, format="i420")  # H.264 artefacts removed
    mid = edgeav.enhance.FrameInterpolator().process(prev, next, 0.5, format="i420")  # the frame between
    out = sr.process(frame, format="i420")                   # 2-D buffers need a format
    sr.process((y, u, v), out=(y2, u2, v2))                  # planes, written in place
    edgeav.enhance.Adjust(brightness=0.1, contrast=1.2, saturation=1.3).process(frame, format="nv12", out=frame)

Brightness, contrast and saturation follow FFmpeg's eq filter exactly (its
ranges: brightness -1..1, contrast -1000..1000, saturation 0..3); values
outside raise edgeav.InvalidArgument rather than being clipped.
"""

from ._core import Adjust, FrameInterpolator, QualityEnhancer, SuperResolution

__all__ = ["Adjust", "FrameInterpolator", "QualityEnhancer", "SuperResolution"]
