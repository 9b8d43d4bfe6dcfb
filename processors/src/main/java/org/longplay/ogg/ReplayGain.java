package org.longplay.ogg;

/** The four replay-gain floats of Spotify's prefix page: gains in dB, peaks as linear amplitude. */
public record ReplayGain(float trackGain, float trackPeak, float albumGain, float albumPeak) {
}
