package org.longplay.release;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Anna's Archive Container identifiers: {@code aacid__<collection>__<YYYYMMDDTHHMMSSZ>__<primary id>__<shortuuid>}.
 *
 * <p>The reference tools take a random shortuuid; Longplay derives it from what the file is (collection,
 * track id and the SHA-256 of the released bytes), so building a stage twice gives the same names, and
 * a file whose bytes change gets a new AACID.
 */
public final class Aacid {
    /** The longest AACID the AAC convention allows. */
    public static final int MAX_LENGTH = 150;
    /** shortuuid's default alphabet: digits and letters without 0, 1, I, O, l. */
    static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    /** shortuuid pads a 128-bit number to this many digits. */
    static final int SHORTUUID_LENGTH = 22;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private Aacid() {
    }

    /** {@code 20260115T093012Z}: the UTC second of an epoch-milliseconds time. */
    public static String timestamp(long epochMillis) {
        return STAMP.format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * The AACID of one file.
     *
     * @throws IllegalArgumentException when the result would exceed {@value #MAX_LENGTH} characters or a
     *                                  part holds the {@code __} separator or characters outside printable ASCII
     */
    public static String of(String collection, long epochMillis, String primaryId, String contentSha256) {
        checkPart("collection", collection);
        checkPart("primary id", primaryId);
        String id = "aacid__" + collection + "__" + timestamp(epochMillis) + "__" + primaryId + "__"
                + shortUuid(collection + "\0" + primaryId + "\0" + contentSha256);
        if (id.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("AACID longer than " + MAX_LENGTH + " characters: " + id);
        }
        return id;
    }

    /** Epoch milliseconds of a {@link #timestamp(long)} text. */
    public static long millisOf(String stamp) {
        return java.time.LocalDateTime.parse(stamp, STAMP).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /** The timestamp part of an AACID. */
    public static String timestampOf(String aacid) {
        return aacid.split("__", -1)[2];
    }

    /**
     * A shortuuid (22 digits of base 57, most significant first, as python-shortuuid encodes a UUID) of
     * a name-based UUID: the first 16 bytes of the SHA-256 of {@code seed}, with RFC 4122 version 8 bits.
     */
    static String shortUuid(String seed) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] uuid = java.util.Arrays.copyOf(hash, 16);
        uuid[6] = (byte) ((uuid[6] & 0x0f) | 0x80); // version 8: custom (RFC 9562)
        uuid[8] = (byte) ((uuid[8] & 0x3f) | 0x80); // variant 10
        return encode(new BigInteger(1, uuid));
    }

    static String encode(BigInteger number) {
        BigInteger base = BigInteger.valueOf(ALPHABET.length());
        StringBuilder digits = new StringBuilder();
        while (number.signum() > 0) {
            BigInteger[] qr = number.divideAndRemainder(base);
            digits.append(ALPHABET.charAt(qr[1].intValue()));
            number = qr[0];
        }
        while (digits.length() < SHORTUUID_LENGTH) {
            digits.append(ALPHABET.charAt(0));
        }
        return digits.reverse().toString();
    }

    private static void checkPart(String what, String value) {
        if (value.isEmpty() || value.contains("__")) {
            throw new IllegalArgumentException("AACID " + what + " must be non-empty and without \"__\": " + value);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '/' || c == '\\') {
                throw new IllegalArgumentException("AACID " + what + " must be printable ASCII without / or \\: " + value);
            }
        }
    }
}
