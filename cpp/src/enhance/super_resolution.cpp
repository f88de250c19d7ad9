#include "enhance/super_resolution.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

#include "convert/plane_dsp.h"
#include "license/license.h"

namespace edgeav {

namespace {

constexpr double kMinScale = 1.0, kMaxScale = 4.0;

// Output pixel o of n_out maps to the input position (o + 0.5) * n_in / n_out - 0.5,
// here in Q16; its anchor is the nearest input pixel and its phase the nearest
// sub-pixel offset the bank was trained for.
void build_axis(int n_in, int n_out, const FilterBank& bank, std::vector<int32_t>* anchor,
                std::vector<uint8_t>* phase) {
  anchor->resize(n_out);
  phase->resize(n_out);
  for (int o = 0; o < n_out; o++) {
    const int64_t src = (static_cast<int64_t>(2 * o + 1) * n_in * 65536) / (2 * static_cast<int64_t>(n_out)) - 32768;
    const int64_t a = (src + 32768) >> 16;
    const int64_t offset = src - a * 65536;
    int best = 0;
    for (int i = 1; i < bank.phases(); i++)
      if (std::llabs(offset - bank.phases_q16[i]) < std::llabs(offset - bank.phases_q16[best])) best = i;
    (*anchor)[o] = static_cast<int32_t>(std::min<int64_t>(std::max<int64_t>(a, 0), n_in - 1));
    (*phase)[o] = static_cast<uint8_t>(best);
  }
}

// Blends every filter with the flat class's filter of the same phase:
// sharpness 0 gives the flat filter, 1 the trained one, above 1 extrapolates.
std::vector<int16_t> blend_for_sharpness(const FilterBank& bank, double sharpness) {
  std::vector<int16_t> taps = bank.taps;
  if (sharpness == 1.0) return taps;
  const int n = bank.phases();
  for (int c = 0; c < kSrClasses; c++)
    for (int py = 0; py < n; py++)
      for (int px = 0; px < n; px++) {
        const int16_t* flat = bank.filter(0, py, px);
        const int16_t* trained = bank.filter(c, py, px);
        int16_t* out = taps.data() + (trained - bank.taps.data());
        int sum = 0;
        for (int t = 0; t < kSrTaps; t++) {
          const double v = flat[t] + sharpness * (trained[t] - flat[t]);
          out[t] = static_cast<int16_t>(std::lround(std::min(32767.0, std::max(-32768.0, v))));
          sum += out[t];
        }
        out[kSrTaps / 2] = static_cast<int16_t>(out[kSrTaps / 2] + (1 << kSrFilterShift) - sum);  // unit DC gain
      }
  return taps;
}

// Copies the filters to 64-byte alignment, so that no filter straddles two
// cache lines (the filter kernel reads one per output pixel, in random order).
const int16_t* aligned_taps(const std::vector<int16_t>& taps, std::vector<int16_t>* storage) {
  storage->assign(taps.size() + 32, 0);
  const uintptr_t base = reinterpret_cast<uintptr_t>(storage->data());
  int16_t* aligned = storage->data() + ((64 - base % 64) % 64) / sizeof(int16_t);
  std::memcpy(aligned, taps.data(), taps.size() * sizeof(int16_t));
  return aligned;
}

// The professional network trained for this geometry, or nullptr. A network
// learns the sub-pixel structure of the standard filters at its own scale and
// hurts at others (x2's costs 0.3 dB at x1.9 and x2.1, tools/train_sr_pro.py),
// so each serves only its scale, within 1% per axis (odd sizes round).
const nn::Model* professional_model(double sx, double sy) {
  static const struct {
    double scale;
    const char* name;
  } kTrained[] = {{1.5, "sr_pro_x1.5"}, {2.0, "sr_pro_x2"}};
  for (const auto& t : kTrained)
    if (std::fabs(sx / t.scale - 1) <= 0.01 && std::fabs(sy / t.scale - 1) <= 0.01) {
      const nn::Model* m = nn::shipped_model(t.name);
      if (!m) std::abort();  // the models are part of the build
      return m;
    }
  return nullptr;
}

int scaled(int n, double scale, bool even) {
  const double v = n * scale;
  return even ? 2 * static_cast<int>(std::lround(v / 2)) : static_cast<int>(std::lround(v));
}

}  // namespace

Status SuperResolution::create(const SrConfig& config, std::unique_ptr<SuperResolution>* out) {
  const bool fixed = config.out_width > 0 || config.out_height > 0;
  if (fixed && (config.out_width <= 0 || config.out_height <= 0 || config.out_width > 16384 || config.out_height > 16384))
    return Status::invalid("super-resolution: output size " + std::to_string(config.out_width) + "x" +
                           std::to_string(config.out_height) + " is not within 1..16384");
  if (!fixed && !(config.scale >= kMinScale && config.scale <= kMaxScale))
    return Status::invalid("super-resolution: scale " + std::to_string(config.scale) + " is outside 1.0..4.0");
  if (!(config.fps > 0.0 && config.fps <= 1000.0))
    return Status::invalid("super-resolution: fps " + std::to_string(config.fps) + " is outside 0..1000");
  if (!(config.sharpness >= 0.0 && config.sharpness <= 2.0))
    return Status::invalid("super-resolution: sharpness " + std::to_string(config.sharpness) + " is outside 0..2");
  EDGEAV_RETURN_IF_ERROR(license_check(config.professional ? Feature::kSrProfessional : Feature::kSrStandard));
  AdjustParams adjust;
  EDGEAV_RETURN_IF_ERROR(make_adjust_params(config.brightness, config.contrast, config.saturation, &adjust));
  out->reset(new SuperResolution(config));
  (*out)->adjust_ = adjust;
  return {};
}

Status SuperResolution::output_size(PixelFormat format, int in_w, int in_h, int* out_w, int* out_h) const {
  // Any int can arrive here (eav_sr_output_size): scaling a size past the limit overflows.
  if (in_w <= 0 || in_h <= 0 || in_w > 16384 || in_h > 16384)
    return Status::invalid("super-resolution: input size " + std::to_string(in_w) + "x" + std::to_string(in_h) +
                           " is empty or larger than 16384");
  const bool even = is_yuv420(format);
  *out_w = config_.out_width ? config_.out_width : scaled(in_w, config_.scale, even);
  *out_h = config_.out_height ? config_.out_height : scaled(in_h, config_.scale, even);
  const double sx = static_cast<double>(*out_w) / in_w, sy = static_cast<double>(*out_h) / in_h;
  if (sx < kMinScale || sy < kMinScale || sx > kMaxScale || sy > kMaxScale)
    return Status::invalid("super-resolution: " + std::to_string(in_w) + "x" + std::to_string(in_h) + " to " +
                           std::to_string(*out_w) + "x" + std::to_string(*out_h) +
                           " needs a scale outside 1.0..4.0 on some axis");
  if (*out_w > 16384 || *out_h > 16384) return Status::invalid("super-resolution: output larger than 16384");
  return {};
}

void SuperResolution::setup_plane(PlaneSetup* p, int in_w, int in_h, int out_w, int out_h) {
  p->in_w = in_w, p->in_h = in_h, p->out_w = out_w, p->out_h = out_h;
  const double scale = std::sqrt(static_cast<double>(out_w) / in_w * out_h / in_h);
  p->bank = &standard_filter_banks().nearest(scale);
  p->taps = aligned_taps(blend_for_sharpness(*p->bank, config_.sharpness), &p->taps_storage);
  build_axis(in_w, out_w, *p->bank, &p->x.anchor, &p->x.phase);
  build_axis(in_h, out_h, *p->bank, &p->y.anchor, &p->y.phase);
}

Status SuperResolution::prepare(const Image& src, const Image& dst) {
  format_ = src.format, in_w_ = src.width, in_h_ = src.height, out_w_ = dst.width, out_h_ = dst.height;
  setup_plane(&luma_, in_w_, in_h_, out_w_, out_h_);
  const bool yuv = is_yuv420(format_);
  if (yuv) setup_plane(&chroma_, in_w_ / 2, in_h_ / 2, out_w_ / 2, out_h_ / 2);
  padded_stride_ = in_w_ + 2 * kSrPad;
  padded_.assign(static_cast<size_t>(padded_stride_) * (in_h_ + 2 * kSrPad), 0);
  products_.assign(static_cast<size_t>(3 * 5) * (in_w_ + 4), 0);
  sums_.assign(static_cast<size_t>(3) * in_w_, 0);
  classes_.assign(static_cast<size_t>(in_w_) * in_h_, 0);
  flat_classes_.assign(yuv ? static_cast<size_t>(in_w_ / 2) : 0, 0);
  columns_.assign(static_cast<size_t>(in_w_ + 4) * 5 + kSrTapStride, 0);
  const int channels = format_ == EAV_FORMAT_NV12 ? 2 : is_packed_rgb(format_) ? 3 : 0;
  const size_t in_plane = yuv ? static_cast<size_t>(in_w_ / 2) * (in_h_ / 2) : static_cast<size_t>(in_w_) * in_h_;
  const size_t out_plane = yuv ? static_cast<size_t>(out_w_ / 2) * (out_h_ / 2) : static_cast<size_t>(out_w_) * out_h_;
  planes_in_.assign(channels * in_plane, 0);
  planes_out_.assign(channels * out_plane, 0);
  const nn::Model* model = config_.professional ? professional_model(static_cast<double>(out_w_) / in_w_,
                                                                        static_cast<double>(out_h_) / in_h_)
                                                 : nullptr;
  refiner_.reset(model ? new nn::PlaneRefiner(*model) : nullptr);
  if (refiner_) refiner_->prepare(out_w_, out_h_);
  return {};
}

void SuperResolution::pad_plane(const uint8_t* src, ptrdiff_t stride, int w, int h) {
  const CopyRow copy = plane_dsp().copy;
  const ptrdiff_t ps = w + 2 * kSrPad;
  for (int y = -kSrPad; y < h + kSrPad; y++) {
    const uint8_t* s = src + std::min(std::max(y, 0), h - 1) * stride;
    uint8_t* d = padded_.data() + (y + kSrPad) * ps + kSrPad;
    copy(s, d, w);
    for (int i = 1; i <= kSrPad; i++) d[-i] = s[0], d[w - 1 + i] = s[w - 1];
  }
}

void SuperResolution::classify_plane(int w, int h) {
  const SrDsp& dsp = sr_dsp();
  const SrClassParams& params = standard_filter_banks().params;
  const ptrdiff_t ps = w + 2 * kSrPad, ring = w + 4;
  auto product_row = [&](int channel, int y) { return products_.data() + (channel * 5 + (y + 5) % 5) * ring; };
  int16_t* sums[3] = {sums_.data(), sums_.data() + w, sums_.data() + 2 * w};
  // Product rows -2 .. h+1 feed the 5x5 windows of rows 0 .. h-1; each row's
  // products cover columns -2 .. w+1 (the kernels see them from index 0).
  for (int y = -2; y < h + 2; y++) {
    const uint8_t* row = padded_.data() + (y + kSrPad) * ps + kSrPad - 2;
    dsp.gradients(row - ps, row, row + ps, product_row(0, y), product_row(1, y), product_row(2, y), w + 4);
    const int cy = y - 2;  // the row whose window is now complete
    if (cy < 0) continue;
    for (int c = 0; c < 3; c++) {
      const int16_t* rows[5];
      for (int k = 0; k < 5; k++) rows[k] = product_row(c, cy - 2 + k) + 2;
      dsp.box5(rows, sums[c], w);
    }
    dsp.classify(sums[0], sums[1], sums[2], classes_.data() + static_cast<size_t>(cy) * w, w, &params);
  }
}

void SuperResolution::filter_plane(const PlaneSetup& p, const uint8_t* cls, ptrdiff_t cls_stride, uint8_t* dst,
                                   ptrdiff_t stride) {
  const SrDsp& dsp = sr_dsp();
  const ptrdiff_t ps = p.in_w + 2 * kSrPad;
  int current = -1;
  for (int oy = 0; oy < p.out_h; oy++) {
    const int ay = p.y.anchor[oy];
    if (ay != current) {
      const uint8_t* rows[5];
      for (int k = 0; k < 5; k++) rows[k] = padded_.data() + (ay - 2 + k + kSrPad) * ps + kSrPad;
      dsp.columns(rows, columns_.data(), p.in_w);
      current = ay;
    }
    dsp.filter(columns_.data(), p.taps, p.bank->phases(), p.y.phase[oy], cls + ay * cls_stride,
               p.x.anchor.data(), p.x.phase.data(), dst + oy * stride, p.out_w);
  }
}

void SuperResolution::upscale(const PlaneSetup& p, const uint8_t* src, ptrdiff_t src_stride, bool classify,
                              uint8_t* dst, ptrdiff_t dst_stride) {
  pad_plane(src, src_stride, p.in_w, p.in_h);
  if (classify) classify_plane(p.in_w, p.in_h);
  // Chroma takes the flat class everywhere: one zero row serves every row.
  filter_plane(p, classify ? classes_.data() : flat_classes_.data(), classify ? p.in_w : 0, dst, dst_stride);
}

void SuperResolution::upscale_luma(const uint8_t* src, ptrdiff_t src_stride, uint8_t* dst, ptrdiff_t dst_stride) {
  if (!refiner_) return upscale(luma_, src, src_stride, true, dst, dst_stride);
  upscale(luma_, src, src_stride, true, refiner_->input(), refiner_->input_stride());
  refiner_->run(dst, dst_stride);
}

Status SuperResolution::process(const Image& src, const Image& dst) {
  const DspCallScope dsp_scope;  // one set of DSP tables for the whole frame (base/dsp_table.h)
  EDGEAV_RETURN_IF_ERROR(validate_image(src, "src"));
  EDGEAV_RETURN_IF_ERROR(validate_image(dst, "dst"));
  if (src.format != dst.format)
    return Status::invalid(std::string("super-resolution: src is ") + format_name(src.format) + " but dst is " +
                           format_name(dst.format));
  int want_w = 0, want_h = 0;
  EDGEAV_RETURN_IF_ERROR(output_size(src.format, src.width, src.height, &want_w, &want_h));
  if (!is_identity(adjust_) && is_packed_rgb(src.format))
    return Status::unsupported("brightness/contrast/saturation follow FFmpeg's eq, which works on YUV: pass an "
                               "I420, NV12 or gray frame");
  if (dst.width != want_w || dst.height != want_h)
    return Status::invalid("super-resolution: dst must be " + std::to_string(want_w) + "x" + std::to_string(want_h) +
                           ", got " + std::to_string(dst.width) + "x" + std::to_string(dst.height));
  EDGEAV_RETURN_IF_ERROR(meter_.add(1.0 / config_.fps));
  if (src.format != format_ || src.width != in_w_ || src.height != in_h_ || dst.width != out_w_ ||
      dst.height != out_h_)
    EDGEAV_RETURN_IF_ERROR(prepare(src, dst));

  const PlaneDsp& pd = plane_dsp();
  switch (src.format) {
    case EAV_FORMAT_GRAY8:
      upscale_luma(src.data[0], src.stride[0], dst.data[0], dst.stride[0]);
      break;
    case EAV_FORMAT_I420:
      upscale_luma(src.data[0], src.stride[0], dst.data[0], dst.stride[0]);
      for (int p = 1; p < 3; p++) upscale(chroma_, src.data[p], src.stride[p], false, dst.data[p], dst.stride[p]);
      break;
    case EAV_FORMAT_NV12: {
      upscale_luma(src.data[0], src.stride[0], dst.data[0], dst.stride[0]);
      const int cw = in_w_ / 2, ch = in_h_ / 2, ow = out_w_ / 2, oh = out_h_ / 2;
      uint8_t *u = planes_in_.data(), *v = u + cw * ch, *ou = planes_out_.data(), *ov = ou + ow * oh;
      for (int y = 0; y < ch; y++) pd.split_uv(src.data[1] + y * src.stride[1], u + y * cw, v + y * cw, cw);
      upscale(chroma_, u, cw, false, ou, ow);
      upscale(chroma_, v, cw, false, ov, ow);
      for (int y = 0; y < oh; y++) pd.merge_uv(ou + y * ow, ov + y * ow, dst.data[1] + y * dst.stride[1], ow);
      break;
    }
    default: {  // packed RGB: every channel through the classes of green
      const int bpp = plane_geometry(src.format, 1, 1, 0).width_bytes;
      const size_t in_plane = static_cast<size_t>(in_w_) * in_h_, out_plane = static_cast<size_t>(out_w_) * out_h_;
      for (int y = 0; y < in_h_; y++) {
        const uint8_t* s = src.data[0] + y * src.stride[0];
        for (int x = 0; x < in_w_; x++)
          for (int c = 0; c < 3; c++) planes_in_[c * in_plane + y * in_w_ + x] = s[x * bpp + c];
      }
      pad_plane(planes_in_.data() + in_plane, in_w_, in_w_, in_h_);
      classify_plane(in_w_, in_h_);
      for (int c = 0; c < 3; c++) {
        pad_plane(planes_in_.data() + c * in_plane, in_w_, in_w_, in_h_);
        uint8_t* plane = planes_out_.data() + c * out_plane;
        filter_plane(luma_, classes_.data(), in_w_, plane, out_w_);
        if (refiner_) refiner_->refine(plane, out_w_, plane, out_w_);
      }
      for (int y = 0; y < out_h_; y++) {
        uint8_t* d = dst.data[0] + y * dst.stride[0];
        for (int x = 0; x < out_w_; x++) {
          for (int c = 0; c < 3; c++) d[x * bpp + c] = planes_out_[c * out_plane + y * out_w_ + x];
          if (bpp == 4) d[x * bpp + 3] = 255;
        }
      }
    }
  }
  return is_identity(adjust_) ? Status() : adjust_image(adjust_, dst, dst);
}

}  // namespace edgeav
