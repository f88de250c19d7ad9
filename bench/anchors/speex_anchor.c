/* speexdsp anchor for bench/audio_bench.py: MDF echo canceller and/or the
 * preprocessor (denoise, AGC, residual echo suppression), 10 ms frames.
 *   speex_anchor rate=16000 near=mic.raw out=out.raw [far=ref.raw delay_ms=120 tail_ms=300]
 *                [denoise=1] [agc=1 agc_dbfs=-18]
 * speexdsp has no delay estimator: the far end is delayed here by the true
 * bulk delay (delay_ms), as an application that knows its audio path would.
 * Prints "cpu_s=<thread CPU seconds of the processing loop> frames=<n>". */
#include <math.h>
#include <speex/speex_echo.h>
#include <speex/speex_preprocess.h>

#include "anchor_io.h"

static SpeexPreprocessState* make_preprocess(int argc, char** argv, int frame, int rate, SpeexEchoState* echo) {
  int denoise = (int)arg_num(argc, argv, "denoise", 0);
  int agc = (int)arg_num(argc, argv, "agc", 0);
  if (!denoise && !agc && !echo) return NULL;
  SpeexPreprocessState* pp = speex_preprocess_state_init(frame, rate);
  /* The residual echo suppressor lives in the denoiser's gain: with AEC it
   * stays on, as speexdsp's own examples run it. */
  int on = denoise || echo;
  speex_preprocess_ctl(pp, SPEEX_PREPROCESS_SET_DENOISE, &on);
  speex_preprocess_ctl(pp, SPEEX_PREPROCESS_SET_AGC, &agc);
  if (agc) {
    /* AGC_LEVEL is the target RMS in int16 units. */
    float level = 32768.0f * powf(10.0f, (float)arg_num(argc, argv, "agc_dbfs", -18) / 20.0f);
    speex_preprocess_ctl(pp, SPEEX_PREPROCESS_SET_AGC_LEVEL, &level);
  }
  if (echo) speex_preprocess_ctl(pp, SPEEX_PREPROCESS_SET_ECHO_STATE, echo);
  return pp;
}

int main(int argc, char** argv) {
  int rate = (int)arg_num(argc, argv, "rate", 16000);
  int frame = rate / 100;
  const char* far_path = arg_str(argc, argv, "far", NULL);
  long delay = (long)(arg_num(argc, argv, "delay_ms", 0) * rate / 1000);
  Pcm near = pcm_read(arg_str(argc, argv, "near", ""), frame, 0);
  Pcm far = far_path ? pcm_read(far_path, frame, delay) : (Pcm){NULL, 0};
  short* out = (short*)calloc((size_t)near.len, sizeof(short));

  SpeexEchoState* echo = NULL;
  if (far_path) {
    int tail = (int)(arg_num(argc, argv, "tail_ms", 300) * rate / 1000);
    echo = speex_echo_state_init(frame, tail);
    speex_echo_ctl(echo, SPEEX_ECHO_SET_SAMPLING_RATE, &rate);
  }
  SpeexPreprocessState* pp = make_preprocess(argc, argv, frame, rate, echo);

  double t0 = thread_cpu_seconds();
  static const short silence[480];  /* one frame at 48 kHz */
  for (long i = 0; i < near.len; i += frame) {
    short* o = out + i;
    if (echo) {
      const short* ref = i < far.len ? far.data + i : silence;
      speex_echo_cancellation(echo, near.data + i, ref, o);
    } else {
      memcpy(o, near.data + i, (size_t)frame * sizeof(short));
    }
    if (pp) speex_preprocess_run(pp, o);
  }
  double cpu = thread_cpu_seconds() - t0;

  pcm_write(arg_str(argc, argv, "out", ""), out, near.len);
  printf("cpu_s=%.6f frames=%ld\n", cpu, near.len / frame);
  if (pp) speex_preprocess_state_destroy(pp);
  if (echo) speex_echo_state_destroy(echo);
  free(out);
  free(near.data);
  free(far.data);
  return 0;
}
