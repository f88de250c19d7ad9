// Runs the H.264 encoder over many sizes, presets and rate controls with ROI
// maps, reconfigures and forced keyframes, so AddressSanitizer, UBSan and the
// aarch64 build see every path; checks each access unit's framing. (Decoding
// and bit-exactness are checked in Python against FFmpeg, tests/test_video.py.)
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "video/h264/dsp/dct_dsp.h"
#include "video/h264/encoder.h"
#include "video/h264/quant.h"

using namespace edgeav;

namespace {

int failures = 0;

void expect(bool ok, const char* what, int w, int h, int speed, int rc) {
  if (ok) return;
  failures++;
  std::printf("FAILED %s (%dx%d speed %d rc %d)\n", what, w, h, speed, rc);
}

// A textured picture that moves by (dx, dy) per frame, with noise.
void fill(std::vector<uint8_t>& y, std::vector<uint8_t>& u, std::vector<uint8_t>& v, int w, int h, int t) {
  uint32_t seed = 12345u + static_cast<uint32_t>(t);
  for (int r = 0; r < h; r++)
    for (int c = 0; c < w; c++) {
      seed = seed * 1664525u + 1013904223u;
      const int x = c + 3 * t, yy = r + t;
      y[r * w + c] = static_cast<uint8_t>(((x * 7) ^ (yy * 5)) + (x * yy) / 64 + (seed >> 29));
    }
  for (int r = 0; r < h / 2; r++)
    for (int c = 0; c < w / 2; c++) {
      u[r * (w / 2) + c] = static_cast<uint8_t>(128 + ((c + t) % 32) - 16);
      v[r * (w / 2) + c] = static_cast<uint8_t>(128 + ((r * 3) % 40) - 20);
    }
}

// QuantTables::chroma_zero_ssd_inter claims that an 8x8 chroma residual of at
// most that SSD quantises to no level. The worst residuals for its bound point
// along one basis function: each 4x4 basis (A_u A_v^T, integer) in every block,
// and the DC's +-1 patterns, at the largest integer amplitude within the SSD.
int check_chroma_zero_ssd() {
  static const int kBasis[4][4] = {{1, 1, 1, 1}, {2, 1, -1, -2}, {1, -1, -1, 1}, {1, -2, 2, -1}};
  static const int kDcSigns[4][4] = {{1, 1, 1, 1}, {1, -1, 1, -1}, {1, 1, -1, -1}, {1, -1, -1, 1}};
  const h264::QuantTables& q = h264::quant_tables();
  h264::DctDsp dsp;
  h264::dct_dsp_init_c(&dsp);
  int checked = 0;
  auto quantises_to_zero = [&](int qp, const int (&residual)[8][8]) {
    uint8_t src[64], pred[64];
    for (int i = 0; i < 64; i++) pred[i] = 128, src[i] = static_cast<uint8_t>(128 + residual[i / 8][i % 8]);
    int16_t dct[4][16];
    dsp.sub8x8_dct(dct, src, 8, pred, 8);
    bool zero = true;
    for (int k = 0; k < 4; k++) {  // the 2x2 DC as quant_dc quantises it
      const int f = dct[0][0] * kDcSigns[k][0] + dct[1][0] * kDcSigns[k][1] + dct[2][0] * kDcSigns[k][2] +
                    dct[3][0] * kDcSigns[k][3];
      zero &= ((std::abs(f) + 2 * q.bias_inter[qp][0]) * (q.mf[qp][0] >> 1)) >> 16 == 0;
    }
    for (auto& block : dct) block[0] = 0, zero &= !dsp.quant_4x4(block, q.mf[qp], q.bias_inter[qp]);
    checked++;
    return zero;
  };
  for (int qp = 0; qp < 52; qp++) {
    const int limit = q.chroma_zero_ssd_inter[qp];
    if (limit < 0) continue;
    for (int u = 0; u < 4; u++)
      for (int v = 0; v < 4; v++) {
        int norm = 0;
        for (int i = 0; i < 16; i++) norm += 4 * kBasis[u][i / 4] * kBasis[u][i / 4] * kBasis[v][i % 4] * kBasis[v][i % 4];
        int amplitude = 0;
        while ((amplitude + 1) * (amplitude + 1) * norm <= limit && (amplitude + 1) * 4 <= 127) amplitude++;
        int residual[8][8];
        for (int y = 0; y < 8; y++)
          for (int x = 0; x < 8; x++) residual[y][x] = amplitude * kBasis[u][y % 4] * kBasis[v][x % 4];
        expect(quantises_to_zero(qp, residual), "chroma residual within the zero SSD quantises to 0", 8, 8, qp, u * 4 + v);
      }
    for (const auto& signs : kDcSigns) {
      int amplitude = 0;
      while ((amplitude + 1) * (amplitude + 1) * 64 <= limit && amplitude < 127) amplitude++;
      int residual[8][8];
      for (int y = 0; y < 8; y++)
        for (int x = 0; x < 8; x++) residual[y][x] = amplitude * signs[(y / 4) * 2 + x / 4];
      expect(quantises_to_zero(qp, residual), "chroma DC within the zero SSD quantises to 0", 8, 8, qp, -1);
    }
  }
  return checked;
}

}  // namespace

int main() {
  const int sizes[][2] = {{16, 16}, {48, 32}, {176, 144}, {642, 362}};
  int cases = 0;
  for (const auto& s : sizes) {
    const int w = s[0], h = s[1];
    std::vector<uint8_t> y(w * h), u(w * h / 4), v(w * h / 4), ry(w * h), ru(w * h / 4), rv(w * h / 4);
    const int mbw = (w + 15) / 16, mbh = (h + 15) / 16;
    std::vector<int8_t> roi(mbw * mbh);
    for (int speed = 0; speed <= 4; speed++)
      for (int rc = 0; rc <= 2; rc++) {
        h264::EncoderConfig c;
        c.width = w, c.height = h, c.bitrate_kbps = w * h / 200 + 20;
        c.rc = static_cast<h264::RateControl>(rc);
        c.qp = 20 + 5 * speed;
        c.speed = static_cast<h264::Speed>(speed);
        c.intra_refresh = speed == 1;
        c.min_qp = rc == 2 ? 0 : 10;
        std::unique_ptr<h264::Encoder> enc;
        expect(h264::Encoder::create(c, &enc).ok(), "create", w, h, speed, rc);
        if (!enc) continue;
        for (int t = 0; t < 6; t++) {
          fill(y, u, v, w, h, t);
          for (size_t i = 0; i < roi.size(); i++) roi[i] = static_cast<int8_t>((static_cast<int>(i) * 7 + t) % 25 - 12);
          Image img{EAV_FORMAT_I420, w, h, {y.data(), u.data(), v.data()}, {w, w / 2, w / 2}};
          if (t == 3) expect(enc->reconfigure(c.bitrate_kbps / 2, 15.0).ok(), "reconfigure", w, h, speed, rc);
          h264::EncodedFrame out;
          const bool ok = enc->encode(img, t % 2 ? roi.data() : nullptr, mbw, t == 4, &out).ok();
          expect(ok && out.size > 5, "encode", w, h, speed, rc);
          expect(ok && std::memcmp(out.data, "\0\0\0\1", 4) == 0, "start code", w, h, speed, rc);
          expect(ok && out.keyframe == (t == 0 || t == 4), "keyframes", w, h, speed, rc);
          Image rec{EAV_FORMAT_I420, w, h, {ry.data(), ru.data(), rv.data()}, {w, w / 2, w / 2}};
          expect(enc->recon(rec).ok(), "recon", w, h, speed, rc);
          cases++;
        }
      }
  }
  // White noise at QP 0 and 1: every macroblock takes the I_PCM fallback, in I and P slices,
  // and a frame never outgrows its raw samples plus the few bits around each macroblock.
  const int w = 176, h = 144, mbs = (w / 16) * (h / 16);
  std::vector<uint8_t> noise(w * h * 3 / 2), recon(noise.size());
  uint32_t state = 2026u;
  for (int speed = 0; speed <= 4; speed++)
    for (int qp = 0; qp <= 1; qp++) {
      h264::EncoderConfig c;
      c.width = w, c.height = h, c.rc = h264::RateControl::kCqp, c.qp = qp, c.min_qp = 0;
      c.speed = static_cast<h264::Speed>(speed);
      std::unique_ptr<h264::Encoder> enc;
      expect(h264::Encoder::create(c, &enc).ok(), "create noise", w, h, speed, qp);
      if (!enc) continue;
      for (int t = 0; t < 3; t++) {
        for (uint8_t& b : noise) b = static_cast<uint8_t>((state = state * 1664525u + 1013904223u) >> 24);
        Image img{EAV_FORMAT_I420, w, h, {noise.data(), noise.data() + w * h, noise.data() + w * h * 5 / 4},
                  {w, w / 2, w / 2}};
        h264::EncodedFrame out;
        const bool ok = enc->encode(img, nullptr, 0, false, &out).ok();
        expect(ok && out.size >= static_cast<size_t>(mbs) * 384 && out.size <= static_cast<size_t>(mbs) * 392 * 3 / 2 + 64,
               "noise as I_PCM", w, h, speed, qp);
        Image rec{EAV_FORMAT_I420, w, h, {recon.data(), recon.data() + w * h, recon.data() + w * h * 5 / 4},
                  {w, w / 2, w / 2}};
        expect(enc->recon(rec).ok() && recon == noise, "I_PCM reconstruction is the source", w, h, speed, qp);
        cases++;
      }
    }
  const int bound_checks = check_chroma_zero_ssd();
  std::printf("h264_encoder_test: %d frames, %d chroma bound checks, %d failed\n", cases, bound_checks, failures);
  return failures ? 1 : 0;
}
