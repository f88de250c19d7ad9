/* Encodes one synthetic sequence (motion, noise, a forced keyframe) at each
 * speed with constant QP and with CBR, in Baseline and in High, and prints an
 * FNV-1a hash of every stream. The streams are the same on every platform, compiler and ISA
 * (tests/test_platforms.py compares each build's hashes with the native ones). */
#include <stdio.h>
#include <string.h>

#include "edgeav/edgeav.h"

enum { W = 128, H = 96, FRAMES = 24 };
static uint8_t y[H][W], u[H / 2][W / 2], v[H / 2][W / 2];

static int encode(eav_rate_control rc, eav_speed speed, eav_h264_profile profile, unsigned long long* hash) {
  eav_h264_config config;
  eav_h264_encoder* enc = NULL;
  eav_packet pkt;
  eav_image f;
  int n, row, col;
  size_t i;
  eav_h264_config_default(&config);
  config.width = W, config.height = H, config.rc = rc, config.qp = 27, config.speed = speed;
  config.bitrate_kbps = 150, config.fps = 30, config.profile = profile;
  if (eav_h264_create(&config, &enc) != EAV_OK) return 0;
  memset(&f, 0, sizeof f);
  f.format = EAV_FORMAT_I420, f.width = W, f.height = H;
  f.data[0] = &y[0][0], f.data[1] = &u[0][0], f.data[2] = &v[0][0];
  f.stride[0] = W, f.stride[1] = W / 2, f.stride[2] = W / 2;
  *hash = 14695981039346656037ull;
  for (n = 0; n < FRAMES; n++) {
    unsigned seed = 12345u + (unsigned)n;
    for (row = 0; row < H; row++)
      for (col = 0; col < W; col++) {
        seed = seed * 1103515245u + 12345u;
        y[row][col] = (uint8_t)((((col + 2 * n) * 7) ^ ((row + n) * 5)) + ((seed >> 24) & 15));
      }
    for (row = 0; row < H / 2; row++)
      for (col = 0; col < W / 2; col++)
        u[row][col] = (uint8_t)(128 + col - row + n), v[row][col] = (uint8_t)(100 + row + n);
    if (eav_h264_encode(enc, &f, NULL, 0, n == FRAMES / 2, &pkt) != EAV_OK) break;
    for (i = 0; i < pkt.size; i++) *hash = (*hash ^ pkt.data[i]) * 1099511628211ull;
  }
  eav_h264_destroy(enc);
  return n == FRAMES;
}

int main(void) {
  static const eav_speed speeds[] = {EAV_SPEED_FASTEST, EAV_SPEED_DEFAULT, EAV_SPEED_BEST};
  static const eav_h264_profile profiles[] = {EAV_PROFILE_BASELINE, EAV_PROFILE_HIGH};
  unsigned long long cqp, cbr;
  size_t s, p;
  for (p = 0; p < 2; p++)
    for (s = 0; s < sizeof speeds / sizeof speeds[0]; s++) {
      if (!encode(EAV_RC_CQP, speeds[s], profiles[p], &cqp) || !encode(EAV_RC_CBR, speeds[s], profiles[p], &cbr)) {
        printf("stream_hash: FAILED (%s)\n", eav_last_error());
        return 1;
      }
      printf("stream_hash: speed %d profile %d cqp %016llx cbr %016llx\n", (int)speeds[s], (int)profiles[p], cqp, cbr);
    }
  return 0;
}
