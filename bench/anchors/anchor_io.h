/* Shared by the anchor harnesses of bench/audio_bench.py: raw mono int16 files,
 * key=value arguments and the thread CPU clock. The harnesses time only their
 * processing loop, so file I/O and process start-up never count as CPU. */
#ifndef EDGEAV_BENCH_ANCHOR_IO_H
#define EDGEAV_BENCH_ANCHOR_IO_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
  short* data;
  long len;
} Pcm;

/* Reads a whole raw int16 file, padded with zeros to a multiple of `frame`
 * samples (and `pad_front` zeros in front, to delay a far-end reference). */
static Pcm pcm_read(const char* path, long frame, long pad_front) {
  Pcm p = {NULL, 0};
  FILE* f = fopen(path, "rb");
  if (!f) { fprintf(stderr, "cannot open %s\n", path); exit(2); }
  fseek(f, 0, SEEK_END);
  long n = ftell(f) / 2;
  fseek(f, 0, SEEK_SET);
  long total = (n + pad_front + frame - 1) / frame * frame;
  p.data = (short*)calloc((size_t)total + 1, sizeof(short));
  if (fread(p.data + pad_front, 2, (size_t)n, f) != (size_t)n) { fprintf(stderr, "short read %s\n", path); exit(2); }
  fclose(f);
  p.len = total;
  return p;
}

static void pcm_write(const char* path, const short* data, long len) {
  FILE* f = fopen(path, "wb");
  if (!f || fwrite(data, 2, (size_t)len, f) != (size_t)len) { fprintf(stderr, "cannot write %s\n", path); exit(2); }
  fclose(f);
}

/* Value of `key=` among argv, or `fallback`. */
static const char* arg_str(int argc, char** argv, const char* key, const char* fallback) {
  size_t k = strlen(key);
  for (int i = 1; i < argc; ++i)
    if (strncmp(argv[i], key, k) == 0 && argv[i][k] == '=') return argv[i] + k + 1;
  return fallback;
}

static double arg_num(int argc, char** argv, const char* key, double fallback) {
  const char* s = arg_str(argc, argv, key, NULL);
  return s ? atof(s) : fallback;
}

static double thread_cpu_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

#endif
