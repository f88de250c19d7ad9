// libFuzzer harness: the C API's frame entry points (eav_convert,
// eav_downscale2_plane, standard and professional super-resolution, the
// quality enhancer, frame interpolation, eav_adjust) with random
// formats, sizes, strides, parameters and SIMD paths. Every image is backed by
// exactly the memory its declaration implies (fuzz_image.h), so an access past
// a declared plane is an AddressSanitizer report; bad declarations must come
// back as an error status with a message.
#include <cmath>
#include <limits>

#include "fuzz_image.h"

namespace {

using fuzz::fail;

void check_status(eav_status s) {
  switch (s) {
    case EAV_OK: return;
    case EAV_ERR_INVALID_ARGUMENT:
    case EAV_ERR_UNSUPPORTED:
      if (!eav_last_error()[0]) fail("an error status without a message");
      return;
    default: fail("a frame call returned a status other than ok, invalid argument or unsupported");
  }
}

// A parameter: mostly its default, else in range, at or past an edge, or not a number.
double pick_double(FuzzedDataProvider& fdp, double lo, double hi, double def) {
  switch (fdp.ConsumeIntegralInRange(0, 7)) {
    case 4: case 5: return lo + (hi - lo) * fdp.ConsumeProbability<double>();
    case 6: {
      const double inf = std::numeric_limits<double>::infinity();
      const double special[] = {std::nan(""), inf, -inf, lo, hi, std::nextafter(hi, inf), std::nextafter(lo, -inf),
                                0.0, -0.0, 1e300, -1e300, 5e-324};
      return special[fdp.ConsumeIntegralInRange<size_t>(0, sizeof special / sizeof special[0] - 1)];
    }
    case 7: return fdp.ConsumeFloatingPoint<double>();
    default: return def;
  }
}

// A frame size for objects that keep state: mostly small (several frames fit one
// input), sometimes anything pick_size gives.
void pick_frame_size(FuzzedDataProvider& fdp, int small, int* w, int* h) {
  if (fdp.ConsumeIntegralInRange(0, 15)) {
    *w = fdp.ConsumeIntegralInRange(1, small), *h = fdp.ConsumeIntegralInRange(1, small);
  } else {
    fuzz::pick_size(fdp, w, h);
  }
}

// Mostly a format the YUV-only calls take, sometimes any.
int pick_yuv_format(FuzzedDataProvider& fdp) {
  static const int formats[] = {EAV_FORMAT_GRAY8, EAV_FORMAT_I420, EAV_FORMAT_NV12};
  return fdp.ConsumeIntegralInRange(0, 7) ? formats[fdp.ConsumeIntegralInRange(0, 2)] : fuzz::pick_format(fdp);
}

// A second image of a call: mostly `format` at w x h, sometimes another size or any format.
void declare_like(FuzzedDataProvider& fdp, fuzz::Image* image, int format, int w, int h) {
  if (fdp.ConsumeIntegralInRange(0, 15) == 0) fuzz::pick_size(fdp, &w, &h);
  image->declare(fdp, fdp.ConsumeIntegralInRange(0, 15) ? format : fuzz::pick_format(fdp), w, h);
}

void convert(FuzzedDataProvider& fdp) {
  int w, h;
  fuzz::pick_size(fdp, &w, &h);
  fuzz::Image src, dst;
  src.declare(fdp, fuzz::pick_format(fdp), w, h);
  if (fdp.ConsumeIntegralInRange(0, 7) == 0) fuzz::pick_size(fdp, &w, &h);  // sizes that differ
  dst.declare(fdp, fuzz::pick_format(fdp), w, h);
  const int matrix = fdp.ConsumeIntegralInRange(0, 15) ? fdp.ConsumeIntegralInRange(0, 1) : fdp.ConsumeIntegral<int8_t>();
  const eav_status s = eav_convert(fdp.ConsumeIntegralInRange(0, 63) ? &src.im : nullptr, &dst.im,
                                   static_cast<eav_matrix>(matrix), fdp.ConsumeIntegral<int8_t>());
  check_status(s);
  if (s == EAV_OK && (src.im.width != dst.im.width || src.im.height != dst.im.height)) fail("convert accepted two sizes");
}

void downscale(FuzzedDataProvider& fdp) {
  int w, h;
  fuzz::pick_size(fdp, &w, &h);
  fuzz::Image src, dst;  // GRAY8 declarations give one exact plane each
  src.declare(fdp, EAV_FORMAT_GRAY8, w, h);
  const int dw = w > 0 ? w / 2 + (w & 1) : w, dh = h > 0 ? h / 2 + (h & 1) : h;
  // The API implies dst's size (bad declarations are strides); past the limits, src alone is refused.
  const bool src_in_limits = w >= 1 && h >= 1 && w <= 16384 && h <= 16384;
  dst.declare(fdp, EAV_FORMAT_GRAY8, dw, dh, true, true, src_in_limits);
  check_status(eav_downscale2_plane(src.im.data[0], src.im.stride[0], w, h, dst.im.data[0], dst.im.stride[0]));
}

void super_resolution(FuzzedDataProvider& fdp) {
  eav_sr_config config;
  eav_sr_config_default(&config);
  static const double scales[] = {1.0, 1.25, 1.5, 2.0, 3.0, 4.0};
  config.scale = fdp.ConsumeBool() ? scales[fdp.ConsumeIntegralInRange(0, 5)] : pick_double(fdp, 0.5, 5.0, 2.0);
  if (fdp.ConsumeIntegralInRange(0, 3) == 0) {  // a fixed output size
    config.out_width = fdp.ConsumeIntegralInRange(-2, 200);
    config.out_height = fdp.ConsumeIntegralInRange(-2, 200);
  }
  config.sharpness = pick_double(fdp, 0.0, 2.0, 1.0);
  config.brightness = pick_double(fdp, -1.0, 1.0, 0.0);
  config.contrast = pick_double(fdp, -1000.0, 1000.0, 1.0);
  config.saturation = pick_double(fdp, 0.0, 3.0, 1.0);
  config.fps = pick_double(fdp, 1.0, 1000.0, 30.0);
  const int mode = fdp.ConsumeIntegralInRange(0, 15);  // mostly standard, some professional, some not a mode
  config.mode = static_cast<eav_sr_mode>(mode < 11 ? EAV_SR_STANDARD : mode < 15 ? EAV_SR_PROFESSIONAL : 7);
  eav_sr* sr = nullptr;
  const eav_status created = eav_sr_create(&config, &sr);
  check_status(created);
  if (created != EAV_OK) return;
  // Several frames: a new format or size makes the object re-plan its buffers.
  const int frames = fdp.ConsumeIntegralInRange(1, 3);
  for (int f = 0; f < frames; f++) {
    int w, h;
    pick_frame_size(fdp, 40, &w, &h);
    const int format = fuzz::pick_format(fdp);
    int ow = 0, oh = 0;
    const eav_status sized = eav_sr_output_size(sr, static_cast<eav_pixel_format>(format), w, h, &ow, &oh);
    check_status(sized);
    if (sized == EAV_OK && (ow < 1 || oh < 1 || ow > 16384 || oh > 16384)) fail("sr output size out of range");
    if (sized != EAV_OK || fdp.ConsumeIntegralInRange(0, 15) == 0) {
      ow = fdp.ConsumeIntegralInRange(-1, 170), oh = fdp.ConsumeIntegralInRange(-1, 170);
    }
    fuzz::Image src, dst;
    src.declare(fdp, format, w, h);
    dst.declare(fdp, fdp.ConsumeIntegralInRange(0, 15) ? format : fuzz::pick_format(fdp), ow, oh);
    const eav_status s = eav_sr_process(sr, &src.im, &dst.im);
    // Evaluation mode counts 1/fps per frame: a tiny fps reaches its 10 minutes at once.
    if (s == EAV_ERR_EVALUATION_LIMIT && (f + 1) / config.fps > 600.0) break;
    check_status(s);
  }
  eav_sr_destroy(sr);
}

// One to three frames through an object of the YUV-only calls (a new format or
// size makes it re-plan its buffers): process(w, h, format) declares and runs
// one. `created` is the object's creation; fps, as in super_resolution().
template <typename Process>
void yuv_frames(FuzzedDataProvider& fdp, eav_status created, double fps, Process process) {
  check_status(created);
  if (created != EAV_OK) return;
  const int frames = fdp.ConsumeIntegralInRange(1, 3);
  for (int f = 0; f < frames; f++) {
    int w, h;
    pick_frame_size(fdp, 48, &w, &h);
    const eav_status s = process(w, h, pick_yuv_format(fdp));
    if (s == EAV_ERR_EVALUATION_LIMIT && (f + 1) / fps > 600.0) return;
    check_status(s);
  }
}

void enhancer(FuzzedDataProvider& fdp) {
  eav_enhancer* e = nullptr;
  const double strength = pick_double(fdp, 0.0, 2.0, 1.0), fps = pick_double(fdp, 1.0, 1000.0, 30.0);
  yuv_frames(fdp, eav_enhancer_create(strength, fps, &e), fps, [&](int w, int h, int format) {
    fuzz::Image src, dst;
    src.declare(fdp, format, w, h);
    const bool in_place = fdp.ConsumeBool();  // "src may be dst"
    if (!in_place) declare_like(fdp, &dst, format, w, h);
    return eav_enhancer_process(e, &src.im, in_place ? &src.im : &dst.im);
  });
  eav_enhancer_destroy(e);
}

void interpolator(FuzzedDataProvider& fdp) {
  eav_interpolator* fi = nullptr;
  const double fps = pick_double(fdp, 1.0, 1000.0, 30.0);
  yuv_frames(fdp, eav_interpolator_create(fps, &fi), fps, [&](int w, int h, int format) {
    fuzz::Image prev, next, dst;
    prev.declare(fdp, format, w, h);
    const bool same = fdp.ConsumeIntegralInRange(0, 7) == 0;  // prev may be next
    if (!same) declare_like(fdp, &next, format, w, h);
    // Mostly a dst of its own; sometimes prev or next itself, which must be refused.
    const int alias = fdp.ConsumeIntegralInRange(0, 7);
    if (alias > 1) declare_like(fdp, &dst, format, w, h);
    const double t = pick_double(fdp, 0.0, 1.0, 0.5);
    const eav_image* next_im = same ? &prev.im : &next.im;
    const eav_status s =
        eav_interpolator_process(fi, &prev.im, next_im, t, alias == 0 ? &prev.im : alias == 1 ? next_im : &dst.im);
    if (s == EAV_OK && (alias < 2 || !(t > 0.0 && t < 1.0)))
      fail("interpolation accepted a dst that is an input, or t outside (0, 1)");
    return s;
  });
  eav_interpolator_destroy(fi);
}

void adjust(FuzzedDataProvider& fdp) {
  int w, h;
  fuzz::pick_size(fdp, &w, &h);
  const int format = pick_yuv_format(fdp);
  fuzz::Image src, dst;
  src.declare(fdp, format, w, h);
  const bool in_place = fdp.ConsumeBool();  // "src may be dst"
  if (!in_place) declare_like(fdp, &dst, format, w, h);
  const double brightness = pick_double(fdp, -1.0, 1.0, 0.0), contrast = pick_double(fdp, -1000.0, 1000.0, 1.0);
  const double saturation = pick_double(fdp, 0.0, 3.0, 1.0);
  check_status(eav_adjust(&src.im, in_place ? &src.im : &dst.im, brightness, contrast, saturation));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider fdp(data, size);
  fuzz::pick_cpu_mask(fdp);
  const int ops = fdp.ConsumeIntegralInRange(1, 4);
  for (int i = 0; i < ops && fdp.remaining_bytes(); i++) {
    switch (fdp.ConsumeIntegralInRange(0, 5)) {
      case 0: convert(fdp); break;
      case 1: downscale(fdp); break;
      case 2: super_resolution(fdp); break;
      case 3: enhancer(fdp); break;
      case 4: adjust(fdp); break;
      default: interpolator(fdp); break;
    }
  }
  return 0;
}
