// Super-resolution through the C API on tiny and odd sizes, every format and
// several scales, with every plane in an allocation of exactly its size: run
// with AddressSanitizer, any read or write past a plane is reported. Also
// checks that the SIMD path equals the C path on each case.
#include <edgeav/edgeav.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

struct Frame {
  std::vector<std::vector<uint8_t>> planes;
  eav_image image{};
};

Frame make_frame(eav_pixel_format format, int w, int h, bool random) {
  Frame f;
  f.image.format = format, f.image.width = w, f.image.height = h;
  const int bpp = format == EAV_FORMAT_RGB24 ? 3 : format == EAV_FORMAT_RGBA ? 4 : 1;
  const int planes = format == EAV_FORMAT_I420 ? 3 : format == EAV_FORMAT_NV12 ? 2 : 1;
  f.planes.reserve(planes);
  for (int p = 0; p < planes; p++) {
    const int row = p == 0 ? w * bpp : format == EAV_FORMAT_I420 ? w / 2 : w, rows = p == 0 ? h : h / 2;
    f.planes.emplace_back(static_cast<size_t>(row) * rows);
    if (random)
      for (auto& v : f.planes.back()) v = static_cast<uint8_t>(std::rand());
    f.image.data[p] = f.planes.back().data(), f.image.stride[p] = row;
  }
  return f;
}

}  // namespace

int main() {
  const eav_pixel_format formats[] = {EAV_FORMAT_GRAY8, EAV_FORMAT_RGB24, EAV_FORMAT_RGBA, EAV_FORMAT_I420,
                                      EAV_FORMAT_NV12};
  int cases = 0, failures = 0;
  for (int h : {1, 2, 3, 4, 5, 17, 34})
    for (int w : {1, 2, 3, 4, 7, 33, 66})
      for (double scale : {1.0, 1.25, 1.5, 2.0, 2.7, 4.0})
        for (eav_pixel_format format : formats) {
          if ((format == EAV_FORMAT_I420 || format == EAV_FORMAT_NV12) && (w % 2 || h % 2)) continue;
          eav_sr_config config;
          eav_sr_config_default(&config);
          config.scale = scale;
          eav_sr* sr = nullptr;
          int ow = 0, oh = 0;
          if (eav_sr_create(&config, &sr) != EAV_OK) return 1;
          if (eav_sr_output_size(sr, format, w, h, &ow, &oh) == EAV_OK) {
            Frame in = make_frame(format, w, h, true), simd = make_frame(format, ow, oh, false);
            Frame c = make_frame(format, ow, oh, false);
            const uint32_t all = eav_cpu_flags();
            const bool ok = eav_sr_process(sr, &in.image, &simd.image) == EAV_OK;
            eav_set_cpu_mask(0);
            const bool ok_c = eav_sr_process(sr, &in.image, &c.image) == EAV_OK;
            eav_set_cpu_mask(all);
            if (!ok || !ok_c || simd.planes != c.planes) {
              std::printf("FAILED %dx%d x%g format %d: %s\n", w, h, scale, format, eav_last_error());
              failures++;
            }
            cases++;
          }
          eav_sr_destroy(sr);
        }
  std::printf("sr_sizes_test: %d cases, %d failed\n", cases, failures);
  return failures ? 1 : 0;
}
