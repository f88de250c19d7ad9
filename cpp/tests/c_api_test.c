/* Builds against the public header as plain C99 and checks the C API's
 * contract: a round trip through I420, and error codes with messages. */
#include <edgeav/edgeav.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static int failures = 0;
#define EXPECT(cond)                                          \
  do {                                                        \
    if (!(cond)) {                                            \
      printf("FAILED %s:%d: %s\n", __FILE__, __LINE__, #cond); \
      failures++;                                             \
    }                                                         \
  } while (0)

int main(void) {
  enum { W = 6, H = 4 };
  uint8_t rgb[H][W * 3], back[H][W * 3], y[H * W], u[H * W / 4], v[H * W / 4];
  eav_image src, yuv, dst, bad;
  int i, max_diff = 0;
  for (i = 0; i < (int)sizeof rgb; i++) ((uint8_t*)rgb)[i] = (uint8_t)(i * 37 % 200 + 20);
  /* Flat 2x2 blocks, so subsampling loses nothing and the round trip is close. */
  for (i = 0; i < H * W; i++) {
    int r = i / W, c = i % W, k;
    for (k = 0; k < 3; k++) rgb[r][c * 3 + k] = rgb[r & ~1][(c & ~1) * 3 + k];
  }
  memset(&src, 0, sizeof src);
  src.format = EAV_FORMAT_RGB24, src.width = W, src.height = H, src.data[0] = &rgb[0][0], src.stride[0] = W * 3;
  yuv = src;
  yuv.format = EAV_FORMAT_I420;
  yuv.data[0] = y, yuv.data[1] = u, yuv.data[2] = v;
  yuv.stride[0] = W, yuv.stride[1] = W / 2, yuv.stride[2] = W / 2;
  dst = src;
  dst.data[0] = &back[0][0];

  EXPECT(eav_convert(&src, &yuv, EAV_MATRIX_BT601, 1) == EAV_OK);
  EXPECT(eav_convert(&yuv, &dst, EAV_MATRIX_BT601, 1) == EAV_OK);
  for (i = 0; i < (int)sizeof rgb; i++) {
    int d = ((uint8_t*)rgb)[i] - ((uint8_t*)back)[i];
    if (d < 0) d = -d;
    if (d > max_diff) max_diff = d;
  }
  EXPECT(max_diff <= 2);

  bad = yuv;
  bad.width = W - 1;
  EXPECT(eav_convert(&src, &bad, EAV_MATRIX_BT601, 0) == EAV_ERR_INVALID_ARGUMENT);
  EXPECT(strstr(eav_last_error(), "even") != NULL);
  bad = yuv;
  bad.stride[1] = 1;
  EXPECT(eav_convert(&src, &bad, EAV_MATRIX_BT601, 0) == EAV_ERR_INVALID_ARGUMENT);
  EXPECT(strstr(eav_last_error(), "stride") != NULL);
  EXPECT(eav_convert(NULL, &yuv, EAV_MATRIX_BT601, 0) == EAV_ERR_INVALID_ARGUMENT);
  bad = yuv;
  bad.format = (eav_pixel_format)-1; /* any int a C caller stores is refused (cpp/fuzz found UB here) */
  EXPECT(eav_convert(&src, &bad, EAV_MATRIX_BT601, 0) == EAV_ERR_INVALID_ARGUMENT);
  EXPECT(eav_convert(&src, &yuv, (eav_matrix)-1, 0) == EAV_ERR_INVALID_ARGUMENT);
  EXPECT(eav_convert(&src, &dst, EAV_MATRIX_BT709, 0) == EAV_OK); /* same format: a copy */
  EXPECT(eav_downscale2_plane(y, W, W, H, u, W / 2) == EAV_OK);
  EXPECT(eav_downscale2_plane(y, W, 0, H, u, W / 2) == EAV_ERR_INVALID_ARGUMENT);
  EXPECT(strlen(eav_version()) > 0);

  { /* super-resolution: a flat frame stays flat; bad sizes are refused */
    eav_sr_config config;
    eav_sr* sr = NULL;
    uint8_t lr[8 * 10], hr[16 * 20];
    eav_image a, b;
    int ow = 0, oh = 0, flat = 1;
    eav_sr_config_default(&config);
    memset(lr, 77, sizeof lr);
    memset(&a, 0, sizeof a);
    a.format = EAV_FORMAT_GRAY8, a.width = 10, a.height = 8, a.data[0] = lr, a.stride[0] = 10;
    b = a;
    b.width = 20, b.height = 16, b.data[0] = hr, b.stride[0] = 20;
    EXPECT(eav_sr_create(&config, &sr) == EAV_OK);
    EXPECT(eav_sr_output_size(sr, EAV_FORMAT_GRAY8, 10, 8, &ow, &oh) == EAV_OK && ow == 20 && oh == 16);
    EXPECT(eav_sr_output_size(sr, EAV_FORMAT_GRAY8, -2147483647 - 1, 8, &ow, &oh) == EAV_ERR_INVALID_ARGUMENT);
    EXPECT(strstr(eav_last_error(), "input size") != NULL);
    EXPECT(eav_sr_process(sr, &a, &b) == EAV_OK);
    for (i = 0; i < (int)sizeof hr; i++) flat &= hr[i] == 77;
    EXPECT(flat);
    b.width = 21;
    EXPECT(eav_sr_process(sr, &a, &b) == EAV_ERR_INVALID_ARGUMENT);
    eav_sr_destroy(sr);
    config.scale = 8.0;
    EXPECT(eav_sr_create(&config, &sr) == EAV_ERR_INVALID_ARGUMENT);
    EXPECT(strstr(eav_last_error(), "scale") != NULL);
    config.scale = 2.0, config.mode = (eav_sr_mode)7;
    EXPECT(eav_sr_create(&config, &sr) == EAV_ERR_INVALID_ARGUMENT);
    EXPECT(strstr(eav_last_error(), "mode") != NULL);
    config.mode = EAV_SR_PROFESSIONAL; /* the network refines: a flat frame stays close to flat */
    EXPECT(eav_sr_create(&config, &sr) == EAV_OK);
    b.width = 20;
    EXPECT(eav_sr_process(sr, &a, &b) == EAV_OK);
    flat = 1;
    for (i = 0; i < (int)sizeof hr; i++) flat &= hr[i] >= 75 && hr[i] <= 79;
    EXPECT(flat);
    eav_sr_destroy(sr);
  }

  { /* AI quality enhancement: in place on a gray frame; bad strength and formats are refused */
    eav_enhancer* e = NULL;
    uint8_t plane[16 * 24];
    eav_image im;
    for (i = 0; i < (int)sizeof plane; i++) plane[i] = (uint8_t)((i % 24) / 8 * 60);  /* hard vertical edges */
    memset(&im, 0, sizeof im);
    im.format = EAV_FORMAT_GRAY8, im.width = 24, im.height = 16, im.data[0] = plane, im.stride[0] = 24;
    EXPECT(eav_enhancer_create(2.5, 30.0, &e) == EAV_ERR_INVALID_ARGUMENT);
    EXPECT(strstr(eav_last_error(), "strength") != NULL);
    EXPECT(eav_enhancer_create(1.0, 30.0, &e) == EAV_OK);
    EXPECT(eav_enhancer_process(e, &im, &im) == EAV_OK);
    im.format = EAV_FORMAT_RGB24, im.stride[0] = 72;
    EXPECT(eav_enhancer_process(e, &im, &im) == EAV_ERR_UNSUPPORTED);
    EXPECT(eav_enhancer_process(NULL, &im, &im) == EAV_ERR_INVALID_ARGUMENT);
    eav_enhancer_destroy(e);
  }

  { /* frame interpolation: two equal frames give that frame; bad fps, t, sizes, formats and aliasing are refused */
    eav_interpolator* fi = NULL;
    uint8_t a[12 * 16], b[13 * 16], mid[12 * 16]; /* b: room for a frame one row down */
    eav_image prev, next, out;
    int same = 1;
    for (i = 0; i < (int)sizeof b; i++) b[i] = (uint8_t)(i * 29 % 251);
    memcpy(a, b, sizeof a);
    memset(&prev, 0, sizeof prev);
    prev.format = EAV_FORMAT_GRAY8, prev.width = 16, prev.height = 12, prev.data[0] = a, prev.stride[0] = 16;
    next = prev, out = prev;
    next.data[0] = b, out.data[0] = mid;
    EXPECT(eav_interpolator_create(0.0, &fi) == EAV_ERR_INVALID_ARGUMENT && fi == NULL);
    EXPECT(strstr(eav_last_error(), "fps") != NULL);
    EXPECT(eav_interpolator_create(30.0, NULL) == EAV_ERR_INVALID_ARGUMENT);
    EXPECT(eav_interpolator_create(30.0, &fi) == EAV_OK);
    EXPECT(eav_interpolator_process(fi, &prev, &next, 0.25, &out) == EAV_OK);
    for (i = 0; i < (int)sizeof a; i++) same &= mid[i] == a[i];
    EXPECT(same);
    EXPECT(eav_interpolator_process(fi, &prev, &prev, 0.5, &out) == EAV_OK); /* prev may be next */
    EXPECT(eav_interpolator_process(fi, &prev, &next, 0.0, &out) == EAV_ERR_INVALID_ARGUMENT);
    EXPECT(eav_interpolator_process(fi, &prev, &next, 1.0, &out) == EAV_ERR_INVALID_ARGUMENT);
    EXPECT(eav_interpolator_process(fi, &prev, &next, NAN, &out) == EAV_ERR_INVALID_ARGUMENT);
    EXPECT(eav_interpolator_process(fi, &prev, &next, 0.5, &prev) == EAV_ERR_INVALID_ARGUMENT); /* dst is prev */
    EXPECT(strstr(eav_last_error(), "memory") != NULL);
    out.data[0] = b + 16; /* dst overlaps next by all but a row */
    EXPECT(eav_interpolator_process(fi, &prev, &next, 0.5, &out) == EAV_ERR_INVALID_ARGUMENT);
    out.data[0] = mid, out.height = 10;
    EXPECT(eav_interpolator_process(fi, &prev, &next, 0.5, &out) == EAV_ERR_INVALID_ARGUMENT);
    out.height = 12, next.width = 14;
    EXPECT(eav_interpolator_process(fi, &prev, &next, 0.5, &out) == EAV_ERR_INVALID_ARGUMENT);
    next.width = 16, next.format = EAV_FORMAT_I420; /* one format for all three */
    next.data[1] = next.data[2] = b, next.stride[1] = next.stride[2] = 8;
    EXPECT(eav_interpolator_process(fi, &prev, &next, 0.5, &out) == EAV_ERR_INVALID_ARGUMENT);
    next = prev, next.data[0] = b;
    prev.format = next.format = out.format = EAV_FORMAT_RGB24, prev.width = next.width = out.width = 5;
    EXPECT(eav_interpolator_process(fi, &prev, &next, 0.5, &out) == EAV_ERR_UNSUPPORTED);
    EXPECT(eav_interpolator_process(fi, NULL, &next, 0.5, &out) == EAV_ERR_INVALID_ARGUMENT);
    EXPECT(eav_interpolator_process(NULL, &prev, &next, 0.5, &out) == EAV_ERR_INVALID_ARGUMENT);
    eav_interpolator_destroy(fi);
    eav_interpolator_destroy(NULL);
  }

  { /* H.264: a small stream with a keyframe, a P frame at a ROI map, a reconfigure; errors */
    enum { EW = 48, EH = 32 };
    static uint8_t py[EH][EW], pu[EH / 2][EW / 2], pv[EH / 2][EW / 2], ry[EH * EW], ru[EH * EW / 4], rv[EH * EW / 4];
    int8_t roi[2][3] = {{-4, 0, 0}, {0, 0, 6}};
    eav_h264_config config;
    eav_h264_encoder* enc = NULL;
    eav_packet pkt;
    eav_image f, r;
    int x, yy;
    for (yy = 0; yy < EH; yy++)
      for (x = 0; x < EW; x++) py[yy][x] = (uint8_t)(x * 5 + yy * 3);
    memset(pu, 100, sizeof pu), memset(pv, 150, sizeof pv);
    memset(&f, 0, sizeof f);
    f.format = EAV_FORMAT_I420, f.width = EW, f.height = EH;
    f.data[0] = &py[0][0], f.data[1] = &pu[0][0], f.data[2] = &pv[0][0];
    f.stride[0] = EW, f.stride[1] = EW / 2, f.stride[2] = EW / 2;
    r = f;
    r.data[0] = ry, r.data[1] = ru, r.data[2] = rv;
    eav_h264_config_default(&config);
    config.width = EW, config.height = EH, config.bitrate_kbps = 200;
    EXPECT(eav_h264_create(&config, &enc) == EAV_OK);
    EXPECT(eav_h264_encode(enc, &f, NULL, 0, 0, &pkt) == EAV_OK);
    EXPECT(pkt.keyframe == 1 && pkt.frame_type == 'I' && pkt.size > 20 && pkt.data[4] == 0x67);
    EXPECT(eav_h264_recon(enc, &r) == EAV_OK);
    EXPECT(eav_h264_reconfigure(enc, 100, 15.0) == EAV_OK);
    EXPECT(eav_h264_encode(enc, &f, &roi[0][0], 3, 0, &pkt) == EAV_OK);
    EXPECT(pkt.keyframe == 0 && pkt.frame_type == 'P' && pkt.index == 1);
    EXPECT(eav_h264_reconfigure(enc, -1, 0) == EAV_ERR_INVALID_ARGUMENT);
    f.width = EW - 16;
    EXPECT(eav_h264_encode(enc, &f, NULL, 0, 0, &pkt) == EAV_ERR_INVALID_ARGUMENT);
    EXPECT(strstr(eav_last_error(), "new size") != NULL);
    eav_h264_destroy(enc);
    config.width = 15;
    EXPECT(eav_h264_create(&config, &enc) == EAV_ERR_INVALID_ARGUMENT && enc == NULL);
    config.width = EW, config.rc = (eav_rate_control)-1;
    EXPECT(eav_h264_create(&config, &enc) == EAV_ERR_INVALID_ARGUMENT && enc == NULL);
    /* Constant QP ignores the bitrate, whatever it holds (cpp/fuzz found an overflow: UBSan builds catch it). */
    config.rc = EAV_RC_CQP, config.bitrate_kbps = 2147483647, f.width = EW;
    EXPECT(eav_h264_create(&config, &enc) == EAV_OK);
    EXPECT(eav_h264_encode(enc, &f, NULL, 0, 0, &pkt) == EAV_OK && pkt.keyframe);
    eav_h264_destroy(enc);
    /* temporal layers and LTR (evaluation mode grants them): the L1T3 pattern, an
       acknowledged LTR and a recovery frame from it */
    EXPECT(config.temporal_layers == 1 && config.ltr == 0 && config.ltr_interval == 0);
    config.temporal_layers = 4;
    EXPECT(eav_h264_create(&config, &enc) == EAV_ERR_INVALID_ARGUMENT && enc == NULL);
    config.temporal_layers = 3, config.ltr = 1;
    EXPECT(eav_h264_create(&config, &enc) == EAV_OK);
    {
      static const int pattern[] = {0, 2, 1, 2, 0};
      int n;
      for (n = 0; n < 5; n++) {
        EXPECT(eav_h264_encode(enc, &f, NULL, 0, 0, &pkt) == EAV_OK && pkt.temporal_id == pattern[n]);
        EXPECT(pkt.reference == (pkt.temporal_id < 2) && pkt.ltr == (n == 0) && !pkt.recovery);
      }
    }
    EXPECT(eav_h264_ack_ltr(enc, 0) == 1 && eav_h264_ack_ltr(enc, 1) == 0 && eav_h264_ack_ltr(NULL, 0) == 0);
    eav_h264_request_recovery(enc);
    EXPECT(eav_h264_encode(enc, &f, NULL, 0, 0, &pkt) == EAV_OK && pkt.recovery && !pkt.keyframe);
    EXPECT(pkt.temporal_id == 0);
    eav_h264_destroy(enc);
  }

  { /* audio 3A: float and int16 frames, stats, a configure, errors */
    eav_audio_config config;
    eav_audio_processor* apm = NULL;
    eav_audio_stats st;
    static float fin[160], fout[160];
    static int16_t sin16[160], sout16[160];
    int i, k;
    eav_audio_config_default(&config);
    EXPECT(config.sample_rate == 16000 && config.ans == EAV_ANS_MODERATE && config.agc_target_dbfs == -18.0f);
    EXPECT(eav_audio_create(&config, &apm) == EAV_OK && eav_audio_frame_size(apm) == 160);
    EXPECT(eav_audio_latency_samples(apm) >= 160);
    for (k = 0; k < 100; k++) {
      for (i = 0; i < 160; i++) fin[i] = 0.1f * (float)((i * 7919 + k * 104729) % 200 - 100) / 100.0f;
      EXPECT(eav_audio_process_reverse(apm, fin, 160) == EAV_OK);
      EXPECT(eav_audio_process(apm, fin, fout, 160) == EAV_OK);
    }
    eav_audio_get_stats(apm, &st);
    EXPECT(st.speech_probability >= 0.0f && st.speech_probability <= 1.0f);
    EXPECT(eav_audio_process_s16(apm, sin16, sout16, 160) == EAV_OK);
    EXPECT(eav_audio_process(apm, fin, fout, 161) == EAV_ERR_INVALID_ARGUMENT);
    EXPECT(strstr(eav_last_error(), "160 samples") != NULL);
    EXPECT(eav_audio_set_stream_delay_ms(apm, -100) == EAV_ERR_INVALID_ARGUMENT);
    EXPECT(eav_audio_set_stream_delay_ms(apm, 501) == EAV_ERR_INVALID_ARGUMENT);
    EXPECT(eav_audio_set_stream_delay_ms(apm, 0) == EAV_OK && eav_audio_set_stream_delay_ms(apm, 500) == EAV_OK);
    EXPECT(eav_audio_set_stream_delay_ms(NULL, 0) == EAV_ERR_INVALID_ARGUMENT);
    config.aec = 0, config.ans = EAV_ANS_OFF, config.agc = 0;
    EXPECT(eav_audio_configure(apm, &config) == EAV_OK && eav_audio_latency_samples(apm) == 0);
    EXPECT(eav_audio_process_s16(apm, sin16, sout16, 160) == EAV_OK);
    for (i = 0; i < 160; i++) EXPECT(sout16[i] == sin16[i]); /* every stage off: the identity */
    config.sample_rate = 44100;
    EXPECT(eav_audio_configure(apm, &config) == EAV_ERR_INVALID_ARGUMENT);
    eav_audio_destroy(apm);
    apm = NULL;
    EXPECT(eav_audio_create(&config, &apm) == EAV_ERR_INVALID_ARGUMENT && apm == NULL);
    config.sample_rate = 16000, config.ans = (eav_ans_level)-1;
    EXPECT(eav_audio_create(&config, &apm) == EAV_ERR_INVALID_ARGUMENT && apm == NULL);
    config.ans = (eav_ans_level)(EAV_ANS_AI + 1);
    EXPECT(eav_audio_create(&config, &apm) == EAV_ERR_INVALID_ARGUMENT && apm == NULL);
    config.ans = EAV_ANS_AI; /* evaluation mode: every feature */
    EXPECT(eav_audio_create(&config, &apm) == EAV_OK && apm != NULL);
    EXPECT(eav_audio_process(apm, fin, fout, 160) == EAV_OK);
    eav_audio_destroy(apm);
    apm = NULL;
  }

  { /* volume equalizer: a full-scale square never clips; errors */
    eav_volume_eq_config config;
    eav_volume_eq* veq = NULL;
    static float fin[480], fout[480];
    static int16_t sin16[480], sout16[480];
    int i, k;
    eav_volume_eq_config_default(&config);
    EXPECT(config.sample_rate == 48000 && config.channels == 1 && config.target_lufs == -18.0f);
    EXPECT(eav_volume_eq_create(&config, &veq) == EAV_OK && eav_volume_eq_frame_size(veq) == 480);
    for (k = 0; k < 50; k++) {
      for (i = 0; i < 480; i++) fin[i] = (i / 24) % 2 ? 1.0f : -1.0f, sin16[i] = (i / 24) % 2 ? 32767 : -32768;
      EXPECT(eav_volume_eq_process(veq, fin, fout, 480) == EAV_OK);
      for (i = 0; i < 480; i++) EXPECT(fout[i] > -1.0f && fout[i] < 1.0f);
      EXPECT(eav_volume_eq_process_s16(veq, sin16, sout16, 480) == EAV_OK);
      for (i = 0; i < 480; i++) EXPECT(sout16[i] > -32768 && sout16[i] < 32767);
    }
    EXPECT(eav_volume_eq_gain_db(veq) <= 30.0f && eav_volume_eq_loudness_lufs(veq) <= 0.0f);
    EXPECT(eav_volume_eq_process(veq, fin, fin, 480) == EAV_OK); /* in place */
    EXPECT(eav_volume_eq_process(veq, fin, fout, 160) == EAV_ERR_INVALID_ARGUMENT);
    EXPECT(strstr(eav_last_error(), "480 samples") != NULL);
    EXPECT(eav_volume_eq_process(veq, NULL, fout, 480) == EAV_ERR_INVALID_ARGUMENT);
    EXPECT(eav_volume_eq_process(NULL, fin, fout, 480) == EAV_ERR_INVALID_ARGUMENT);
    eav_volume_eq_reset(veq);
    EXPECT(eav_volume_eq_gain_db(veq) == 0.0f);
    eav_volume_eq_destroy(veq);
    veq = NULL;
    config.target_lufs = 0.0f;
    EXPECT(eav_volume_eq_create(&config, &veq) == EAV_ERR_INVALID_ARGUMENT && veq == NULL);
    config.target_lufs = -18.0f, config.sample_rate = 44100;
    EXPECT(eav_volume_eq_create(&config, &veq) == EAV_ERR_INVALID_ARGUMENT && veq == NULL);
  }

  { /* licensing: evaluation mode until a license is activated; bad tokens are refused */
    eav_license_info info;
    eav_license_status(&info);
    EXPECT(info.licensed == 0);
    EXPECT(eav_license_activate("EAV1.e30.AAAA", "com.example.app", 0, &info) == EAV_ERR_LICENSE_INVALID);
    EXPECT(strstr(eav_last_error(), "invalid license") != NULL);
    EXPECT(eav_license_activate(NULL, "x", 0, &info) == EAV_ERR_INVALID_ARGUMENT);
    EXPECT(eav_license_require("video_encoder") == EAV_OK); /* evaluation mode allows everything */
    EXPECT(eav_license_require("teleportation") == EAV_ERR_INVALID_ARGUMENT);
  }

  printf("c_api_test: %s (version %s, cpu flags 0x%x)\n", failures ? "FAILED" : "ok", eav_version(),
         (unsigned)eav_cpu_flags());
  return failures ? 1 : 0;
}
