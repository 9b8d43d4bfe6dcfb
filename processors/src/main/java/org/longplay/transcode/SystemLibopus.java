package org.longplay.transcode;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The operating system's libopus ({@code libopus.so.0}, Debian package {@code libopus0}), called through
 * JNA.
 *
 * <p>Why it exists: the libopus that the bytedeco FFmpeg natives link in statically is compiled without
 * optimisation (javacpp-presets' build replaces autoconf's {@code -O2} by {@code -m64}) and encodes about
 * three times slower than the same libopus release built by a distribution (docs/benchmarks.md). Its
 * symbols are hidden inside {@code libavcodec}, so the distribution's library cannot be interposed; it is
 * called directly instead, with the settings FFmpeg's {@code libopusenc.c} uses, and FFmpeg keeps doing
 * the rest (decoding, resampling, the Ogg muxer).
 *
 * <p>The encode call is direct-mapped (one JNI call per 20 ms frame, on native buffers, no copies);
 * {@code opus_multistream_encoder_ctl} is variadic, which only JNA's interface mapping calls correctly, and
 * it runs a handful of times per file.
 */
final class SystemLibopus {
    /** The library's file name: the runtime package's soname, present without development headers. */
    static final String LIBRARY = "libopus.so.0";

    static final int OPUS_OK = 0;
    static final int OPUS_APPLICATION_AUDIO = 2049;
    static final int OPUS_SET_BITRATE = 4002;
    static final int OPUS_SET_VBR = 4006;
    static final int OPUS_SET_COMPLEXITY = 4010;
    static final int OPUS_SET_PACKET_LOSS_PERC = 4014;
    static final int OPUS_SET_VBR_CONSTRAINT = 4020;
    static final int OPUS_GET_LOOKAHEAD = 4027;

    /** The largest packet of one stream: three 1275-byte frames and a 7-byte header (opus-tools, FFmpeg). */
    static final int MAX_PACKET = 1275 * 3 + 7;

    /** Each library name tried in this JVM: its {@link SystemLibopus}, or why it failed (a String). */
    private static final java.util.Map<String, Object> LOADED = new java.util.HashMap<>();
    /** The library the natives below are bound to: JNA binds a class's natives once, to one library. */
    private static String registered;

    private final Controls controls;
    private final String version;

    /** The variadic control call (interface mapping: JNA sets up varargs calls properly there). */
    interface Controls extends Library {
        int opus_multistream_encoder_ctl(Pointer encoder, int request, Object... arguments);

        String opus_strerror(int error);
    }

    private SystemLibopus(Controls controls, String version) {
        this.controls = controls;
        this.version = version;
    }

    /**
     * The libopus in {@code library} (a file name the dynamic linker finds, or a path), loaded once per JVM.
     *
     * @throws UnsatisfiedLinkError when it cannot be loaded, with the reason (remembered: not tried again)
     */
    static synchronized SystemLibopus load(String library) {
        Object known = LOADED.computeIfAbsent(library, SystemLibopus::tryLoad);
        if (known instanceof String failure) {
            throw new UnsatisfiedLinkError(failure);
        }
        return (SystemLibopus) known;
    }

    private static Object tryLoad(String library) {
        try {
            NativeLibrary nativeLibrary = NativeLibrary.getInstance(library);
            if (registered != null) {
                return library + ": the system libopus is already bound to " + registered + " in this JVM";
            }
            Native.register(SystemLibopus.class, nativeLibrary);
            registered = library;
            return new SystemLibopus(Native.load(library, Controls.class), opus_get_version_string());
        } catch (LinkageError | RuntimeException e) {
            // LinkageError also covers JNA's own native stub failing to load (e.g. a noexec temp folder):
            // then the bundled libopus still works, so this is a reason, never a crash
            return library + " cannot be loaded: " + e;
        }
    }

    /** The library's own version string, e.g. {@code libopus 1.3.1}. */
    String version() {
        return version;
    }

    /**
     * A multistream encoder of one stream (coupled for stereo) at 48 kHz, configured as FFmpeg's
     * {@code libopus} encoder with {@code -b:a <kbit>k -vbr on -application audio}: bitrate, complexity
     * 10, unconstrained VBR, no expected packet loss. The caller closes it.
     */
    Encoder createEncoder(int channels, int kbit) throws TranscodeException {
        if (channels < 1 || channels > 2) {
            throw new IllegalArgumentException("1 or 2 channels, not " + channels);
        }
        int[] error = new int[1];
        byte[] mapping = channels == 1 ? new byte[] {0} : new byte[] {0, 1};
        Pointer handle = opus_multistream_encoder_create(OpusTranscoder.OPUS_RATE, channels, 1, channels - 1, mapping,
                OPUS_APPLICATION_AUDIO, error);
        if (handle == null || error[0] != OPUS_OK) {
            throw TranscodeException.encode("system libopus: cannot create an encoder: " + strerror(error[0]));
        }
        Encoder encoder = new Encoder(handle);
        try {
            control(handle, OPUS_SET_BITRATE, kbit * 1000, "bitrate");
            control(handle, OPUS_SET_COMPLEXITY, 10, "complexity");
            control(handle, OPUS_SET_VBR, 1, "VBR");
            control(handle, OPUS_SET_VBR_CONSTRAINT, 0, "unconstrained VBR");
            control(handle, OPUS_SET_PACKET_LOSS_PERC, 0, "packet loss");
            return encoder;
        } catch (TranscodeException e) {
            encoder.close();
            throw e;
        }
    }

    /** Sets {@code bytes} bytes of native memory at {@code address} to zero. */
    static void zero(long address, long bytes) {
        new Pointer(address).setMemory(0, bytes, (byte) 0);
    }

    /** One encoder: native memory, freed by {@link #close()}; one thread at a time. */
    final class Encoder implements AutoCloseable {
        private Pointer handle;

        private Encoder(Pointer handle) {
            this.handle = handle;
        }

        /** The look-ahead in samples at 48 kHz: the pre-skip of the OpusHead. */
        int lookahead() throws TranscodeException {
            IntByReference value = new IntByReference();
            int ret = controls.opus_multistream_encoder_ctl(handle, OPUS_GET_LOOKAHEAD, value);
            if (ret != OPUS_OK) {
                throw TranscodeException.encode("system libopus: look-ahead: " + strerror(ret));
            }
            return value.getValue();
        }

        /**
         * Encodes one frame of {@code frameSize} interleaved float samples per channel at native address
         * {@code pcm} into the native buffer at {@code packet} (room for {@code capacity} bytes); returns the
         * packet's length.
         */
        int encode(long pcm, int frameSize, long packet, int capacity) throws TranscodeException {
            int ret = opus_multistream_encode_float(handle, new Pointer(pcm), frameSize, new Pointer(packet), capacity);
            if (ret < 0) {
                throw TranscodeException.encode("system libopus: encoding a frame: " + strerror(ret));
            }
            return ret;
        }

        @Override
        public void close() {
            if (handle != null) {
                opus_multistream_encoder_destroy(handle);
                handle = null;
            }
        }
    }

    private void control(Pointer encoder, int request, int value, String what) throws TranscodeException {
        int ret = controls.opus_multistream_encoder_ctl(encoder, request, value);
        if (ret != OPUS_OK) {
            throw TranscodeException.encode("system libopus: cannot set " + what + " to " + value + ": " + strerror(ret));
        }
    }

    private String strerror(int error) {
        return controls.opus_strerror(error) + " (" + error + ")";
    }

    private static native String opus_get_version_string();

    private static native Pointer opus_multistream_encoder_create(int sampleRate, int channels, int streams, int coupledStreams,
            byte[] mapping, int application, int[] error);

    private static native int opus_multistream_encode_float(Pointer encoder, Pointer pcm, int frameSize, Pointer data,
            int maxDataBytes);

    private static native void opus_multistream_encoder_destroy(Pointer encoder);
}
