"""Audio 3A: echo cancellation (AEC), noise suppression (ANS) and gain control (AGC)
on 10 ms frames, with WebRTC's audio processing conventions.

    apm = edgeav.audio.Processor(sample_rate=16000, channels=1, aec=True, ans="moderate", agc=True,
                                 agc_target_dbfs=-18.0, agc_max_gain_db=30.0)
    apm.process_reverse(far)            # the frame the loudspeaker plays: (frame_size,) or (frame_size, channels)
    out = apm.process(near)             # the microphone frame; int16 or float32 (-1..1), same dtype out
    apm.process(near, out=near)         # in place
    apm.stats()                         # delay_ms, erle_db, speech_probability, gain_db
    apm.ans = "high"; apm.aec = False   # switch stages while running (a stage switched on starts afresh)

Frames hold ``frame_size`` = sample_rate / 100 samples per channel and are taken
without a copy (C-contiguous; a wrong dtype or shape raises ``edgeav.InvalidArgument``,
as does a NaN or infinity). Several channels are averaged into one voice signal,
which is written to every output channel. The output trails the input by
``latency_samples`` (the echo canceller's block and the suppressor's overlap).
``ans`` is one of "low", "moderate", "high", "very_high", "ai", or None (off).

``ans="ai"`` (AI noise reduction, Professional audio edition, else
``edgeav.FeatureNotLicensed`` at creation or when a running processor is switched
to it with ``apm.ans = "ai"``) adds a small recurrent network (two GRUs, 32 bands up
to 8 kHz, trained on real and synthetic speech in many noises) to the "moderate"
suppressor: the square roots of its band gains multiply the classic per-bin gains,
with the same latency as the classic levels. It gains more PESQ-WB than the classic
levels in white and pink noise and about as much in babble; RNNoise still scores
higher on DNSMOS (bench/RESULTS.md, "AI noise reduction").

``aec_mode="music"`` (Professional audio edition, else ``edgeav.FeatureNotLicensed``
at creation or when a running processor is switched to it with ``apm.aec_mode =
"music"``) is for music lessons and karaoke, where the near end plays an instrument:
the echo suppressor removes only what the far end's echo clearly dominates and
relies on the linear echo canceller elsewhere (no gating of the near end in double
talk), the noise suppressor does not learn held notes as noise and stays gentle
(floor -12 dB), and the AGC leaves a piece within 10 dB of its target alone and
otherwise moves at most 2 dB/s within +/-12 dB. The far end's echo is still removed.
The default "speech" is unchanged by it; a switch keeps the learnt echo path.

Volume equalization for the playback side (Professional audio edition): talkers
who arrive tens of dB apart leave at the same loudness, with no added delay.

    veq = edgeav.audio.VolumeEqualizer(48000, channels=1, target_lufs=-18.0)
    out = veq.process(frame)            # 10 ms, int16 or float32, (frame_size,) or (frame_size, channels)
    veq.process(frame, out=frame)       # in place
    veq.gain_db, veq.loudness_lufs      # the gain applied, the talker's speech loudness (BS.1770)

Loudness is measured as in ITU-R BS.1770 (K-weighted) on the frames the voice
activity detector calls speech, and the gain moves only then; in pauses it eases
to at most 0 dB, so the noise between turns is not lifted. A peak limiter keeps
every sample below full scale. ``target_lufs`` is -40..-8.
"""

from ._core import AudioProcessor as Processor
from ._core import VolumeEqualizer

__all__ = ["Processor", "VolumeEqualizer"]
