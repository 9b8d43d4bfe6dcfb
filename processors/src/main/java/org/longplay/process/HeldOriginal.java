package org.longplay.process;

import org.longplay.ogg.OriginalOgg;

/** An original as held, read once and validated: its bytes, their SHA-256, the inspected stream. */
public record HeldOriginal(byte[] bytes, String sha256, OriginalOgg ogg) {
}
