#include "enhance/frame_interpolator.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "convert/plane_dsp.h"
#include "enhance/interp_dsp.h"
#include "enhance/motion_field.h"

namespace edgeav {

namespace {

constexpr int kLumaPad = 32;  // the compensation's reads are clamped into this border
constexpr int kBlock = MotionField::kBlock;
// A block whose pair differs by more than this mean absolute value per sample is
// unmatched; when a fifth are, the frames do not show one scene (a cut, a
// flash): the output is a plain blend. (bikes: at most 8% within a shot, 31-56%
// across its five cuts.)
constexpr int kUnmatchedSad = 20 * kBlock * kBlock;
constexpr double kSceneCutShare = 0.2;
// Window ramps: ramp[i] + ramp[n-1-i] == 16 (interp_dsp.h).
constexpr uint8_t kRamp8[8] = {1, 3, 5, 7, 9, 11, 13, 15};
constexpr uint8_t kRamp4[4] = {2, 6, 10, 14};

// A plane copied with its edges replicated `pad` samples out on every side.
struct PaddedPlane {
  int w = 0, h = 0, pad = 0;
  ptrdiff_t stride = 0;
  std::vector<uint8_t> buffer;

  void resize(int width, int height, int border) {
    w = width, h = height, pad = border, stride = width + 2 * border;
    buffer.assign(static_cast<size_t>(stride) * (height + 2 * border), 0);
  }
  uint8_t* origin() { return buffer.data() + pad * stride + pad; }
  const uint8_t* origin() const { return buffer.data() + pad * stride + pad; }

  // Replicates the edges of the w x h samples at origin().
  void extend() {
    uint8_t* o = origin();
    for (int y = 0; y < h; y++) {
      uint8_t* row = o + y * stride;
      std::memset(row - pad, row[0], pad);
      std::memset(row + w, row[w - 1], pad);
    }
    for (int y = 1; y <= pad; y++) {
      std::memcpy(o - y * stride - pad, o - pad, stride);
      std::memcpy(o + (h - 1 + y) * stride - pad, o + (h - 1) * stride - pad, stride);
    }
  }
};

}  // namespace

struct FrameInterpolator::State {
  PixelFormat format = EAV_FORMAT_GRAY8;
  int width = 0, height = 0;
  PaddedPlane prev[3], next[3];  // luma, U, V
  std::vector<uint8_t> chroma_out;  // NV12: U and V before interleaving
  MotionField field;
  std::vector<MotionVector> still;  // zero motion for every block: a plain blend

  void prepare(PixelFormat f, int w, int h) {
    format = f, width = w, height = h;
    const bool chroma = is_yuv420(f);
    for (int p = 0; p < (chroma ? 3 : 1); p++) {
      const int pw = p ? w / 2 : w, ph = p ? h / 2 : h, pad = p ? kLumaPad / 2 : kLumaPad;
      prev[p].resize(pw, ph, pad);
      next[p].resize(pw, ph, pad);
    }
    chroma_out.assign(f == EAV_FORMAT_NV12 ? static_cast<size_t>(w / 2) * (h / 2) * 2 : 0, 0);
    field.prepare(w, h);
    still.assign(static_cast<size_t>(field.blocks_x()) * field.blocks_y(), MotionVector{0, 0});
  }

  void load(const Image& im, PaddedPlane* planes) {
    const PlaneDsp& pd = plane_dsp();
    for (int y = 0; y < height; y++)
      pd.copy(im.data[0] + y * im.stride[0], planes[0].origin() + y * planes[0].stride, width);
    if (format == EAV_FORMAT_I420) {
      for (int p = 1; p <= 2; p++)
        for (int y = 0; y < height / 2; y++)
          pd.copy(im.data[p] + y * im.stride[p], planes[p].origin() + y * planes[p].stride, width / 2);
    } else if (format == EAV_FORMAT_NV12) {
      for (int y = 0; y < height / 2; y++)
        pd.split_uv(im.data[1] + y * im.stride[1], planes[1].origin() + y * planes[1].stride,
                    planes[2].origin() + y * planes[2].stride, width / 2);
    }
    for (int p = 0; p < (is_yuv420(format) ? 3 : 1); p++) planes[p].extend();
  }

  // Compensates plane p (cell size n = 8 luma, 4 chroma) into dst with one
  // vector per block; prev_weight/64 of each block's prediction is prev's.
  void compensate(int p, const MotionVector* mv, int t16, uint8_t prev_weight, uint8_t* dst,
                  ptrdiff_t dst_stride) const {
    const InterpDsp& dsp = interp_dsp();
    const int n = p ? kBlock / 2 : kBlock, half = n / 2, shift = p ? 4 : 3;  // eighths of a sample of this plane
    const PaddedPlane& pp = prev[p];
    const PaddedPlane& np = next[p];
    const int bx = field.blocks_x(), by = field.blocks_y();
    const uint8_t* ramp = p ? kRamp4 : kRamp8;
    uint8_t cell[kBlock * kBlock];
    auto source = [&](int block_x, int block_y, int x0, int y0) {
      const size_t i = static_cast<size_t>(block_y) * bx + block_x;
      const MotionVector v = mv[i];
      // v is in eighths of a luma sample: prev's displacement is -round(t v), next's v further.
      const int dx = -((t16 * v.x + 32768) >> 16), dy = -((t16 * v.y + 32768) >> 16);
      auto place = [&](const PaddedPlane& plane, int ex, int ey, const uint8_t** ptr, uint8_t* fx, uint8_t* fy) {
        ex >>= shift - 3, ey >>= shift - 3;  // eighths of this plane's samples
        const int ix = std::clamp(x0 + (ex >> 3), -plane.pad, plane.w + plane.pad - n - 1);
        const int iy = std::clamp(y0 + (ey >> 3), -plane.pad, plane.h + plane.pad - n - 1);
        *ptr = plane.origin() + iy * plane.stride + ix;
        *fx = static_cast<uint8_t>(ex & 7), *fy = static_cast<uint8_t>(ey & 7);
      };
      ObmcSource s;
      place(pp, dx, dy, &s.prev, &s.prev_fx, &s.prev_fy);
      place(np, dx + v.x, dy + v.y, &s.next, &s.next_fx, &s.next_fy);
      s.prev_weight = prev_weight;
      return s;
    };
    const int pw = pp.w, ph = pp.h;
    for (int cy = 0; cy <= by; cy++) {
      const int y0 = cy * n - half;
      if (y0 >= ph) break;
      const int top = std::max(cy - 1, 0), bottom = std::min(cy, by - 1);
      for (int cx = 0; cx <= bx; cx++) {
        const int x0 = cx * n - half;
        if (x0 >= pw) break;
        const int left = std::max(cx - 1, 0), right = std::min(cx, bx - 1);
        const bool inside = x0 >= 0 && y0 >= 0 && x0 + n <= pw && y0 + n <= ph;
        uint8_t* out = inside ? dst + y0 * dst_stride + x0 : cell;
        const ptrdiff_t out_stride = inside ? dst_stride : n;
        const MotionVector& v = mv[static_cast<size_t>(top) * bx + left];
        if (v == mv[static_cast<size_t>(top) * bx + right] && v == mv[static_cast<size_t>(bottom) * bx + left] &&
            v == mv[static_cast<size_t>(bottom) * bx + right]) {
          const ObmcSource src = source(left, top, x0, y0);
          (n == 8 ? dsp.obmc_block_8x8 : dsp.obmc_block_4x4)(out, out_stride, &src, pp.stride);
        } else {
          const ObmcSource src[4] = {source(left, top, x0, y0), source(right, top, x0, y0),
                                     source(left, bottom, x0, y0), source(right, bottom, x0, y0)};
          (n == 8 ? dsp.obmc_cell_8x8 : dsp.obmc_cell_4x4)(out, out_stride, src, pp.stride, ramp);
        }
        if (!inside) {
          const int xs = std::max(x0, 0), ys = std::max(y0, 0);
          const int xe = std::min(x0 + n, pw), ye = std::min(y0 + n, ph);
          for (int y = ys; y < ye; y++)
            std::memcpy(dst + y * dst_stride + xs, cell + (y - y0) * n + (xs - x0), xe - xs);
        }
      }
    }
  }
};

FrameInterpolator::FrameInterpolator(double fps) : state_(new State), fps_(fps) {}
FrameInterpolator::~FrameInterpolator() = default;

Status FrameInterpolator::create(double fps, std::unique_ptr<FrameInterpolator>* out) {
  if (!(fps > 0.0 && fps <= 1000.0))
    return Status::invalid("frame interpolator: fps " + std::to_string(fps) + " is outside 0..1000");
  EDGEAV_RETURN_IF_ERROR(license_check(Feature::kFrameInterpolation));
  out->reset(new FrameInterpolator(fps));
  return {};
}

namespace {

bool overlaps(const Image& a, const Image& b) {
  const int planes = plane_count(a.format);
  for (int p = 0; p < planes; p++) {
    const PlaneGeometry ga = plane_geometry(a.format, a.width, a.height, p);
    for (int q = 0; q < plane_count(b.format); q++) {
      const PlaneGeometry gb = plane_geometry(b.format, b.width, b.height, q);
      const uint8_t* a0 = a.data[p];
      const uint8_t* a1 = a0 + (ga.rows - 1) * a.stride[p] + ga.width_bytes;
      const uint8_t* b0 = b.data[q];
      const uint8_t* b1 = b0 + (gb.rows - 1) * b.stride[q] + gb.width_bytes;
      if (std::less<const uint8_t*>()(a0, b1) && std::less<const uint8_t*>()(b0, a1)) return true;
    }
  }
  return false;
}

}  // namespace

Status FrameInterpolator::process(const Image& prev, const Image& next, double t, const Image& dst) {
  const DspCallScope dsp_scope;  // one set of DSP tables for the whole frame (base/dsp_table.h)
  EDGEAV_RETURN_IF_ERROR(validate_image(prev, "prev"));
  EDGEAV_RETURN_IF_ERROR(validate_image(next, "next"));
  EDGEAV_RETURN_IF_ERROR(validate_image(dst, "dst"));
  if (prev.format != next.format || prev.format != dst.format || prev.width != next.width ||
      prev.width != dst.width || prev.height != next.height || prev.height != dst.height)
    return Status::invalid("frame interpolator: prev, next and dst must have the same format and size");
  if (!is_yuv420(prev.format) && prev.format != EAV_FORMAT_GRAY8)
    return Status::unsupported(std::string("frame interpolator: pass I420, NV12 or gray frames, not ") +
                               format_name(prev.format));
  if (!(t > 0.0 && t < 1.0)) return Status::invalid("frame interpolator: t must be inside (0, 1)");
  if (overlaps(dst, prev) || overlaps(dst, next))
    return Status::invalid("frame interpolator: dst must not share memory with prev or next");
  EDGEAV_RETURN_IF_ERROR(meter_.add(1.0 / fps_));

  State& s = *state_;
  if (s.format != prev.format || s.width != prev.width || s.height != prev.height)
    s.prepare(prev.format, prev.width, prev.height);
  s.load(prev, s.prev);
  s.load(next, s.next);
  const int t16 = static_cast<int>(std::lround(t * 65536.0));
  s.field.estimate(s.prev[0].origin(), s.prev[0].stride, s.next[0].origin(), s.next[0].stride, t16);

  const int blocks = s.field.blocks_x() * s.field.blocks_y();
  const int* cost = s.field.costs();
  const int unmatched = static_cast<int>(std::count_if(cost, cost + blocks, [](int c) { return c > kUnmatchedSad; }));
  const bool scene_cut = unmatched > kSceneCutShare * blocks;
  const MotionVector* mv = scene_cut ? s.still.data() : s.field.vectors();
  const uint8_t w = static_cast<uint8_t>(64 - ((t16 * 64 + 32768) >> 16));

  s.compensate(0, mv, t16, w, dst.data[0], dst.stride[0]);
  if (s.format == EAV_FORMAT_I420) {
    s.compensate(1, mv, t16, w, dst.data[1], dst.stride[1]);
    s.compensate(2, mv, t16, w, dst.data[2], dst.stride[2]);
  } else if (s.format == EAV_FORMAT_NV12) {
    const int cw = s.width / 2, ch = s.height / 2;
    uint8_t* u = s.chroma_out.data();
    uint8_t* v = u + static_cast<size_t>(cw) * ch;
    s.compensate(1, mv, t16, w, u, cw);
    s.compensate(2, mv, t16, w, v, cw);
    const MergeUVRow merge = plane_dsp().merge_uv;
    for (int y = 0; y < ch; y++) merge(u + y * cw, v + y * cw, dst.data[1] + y * dst.stride[1], cw);
  }
  return {};
}

}  // namespace edgeav
