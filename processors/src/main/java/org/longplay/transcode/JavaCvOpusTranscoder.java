package org.longplay.transcode;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_OPUS;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VORBIS;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_shrink_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_free;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_read;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_size;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_write;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_get_out_samples;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avutil.AVAudioFifo;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The default transcoder: FFmpeg's libraries in process, through the bytedeco FFmpeg API that JavaCV
 * bundles, at the level of FFmpeg's own C API (no FFmpegFrameGrabber/Recorder and their per-frame
 * conversions).
 *
 * <ol>
 * <li>The input's Ogg pages are walked first ({@link VorbisFraming}): FFmpeg plays a truncated or
 * damaged stream to its end without an error, so this is where a cut original is caught, with its
 * position.</li>
 * <li>The Ogg demuxer reads the Vorbis bytes from memory through a custom {@code AVIOContext} read
 * callback over the array (no temporary input file, no copy of the array); FFmpeg's Vorbis decoder
 * decodes them to planar float.</li>
 * <li>swresample converts to interleaved float at 48 kHz, so libopus is always fed its native rate and
 * never resamples inside (opusinfo would flag an encoder-side resample), and downmixes where needed
 * (below). An {@code AVAudioFifo} cuts the result into libopus' 20 ms frames (960 samples).</li>
 * <li>libopus encodes, VBR ({@code vbr=on}), at {@code kbit} kbit/s (set explicitly), 48 kHz (set
 * explicitly), application {@code audio}, complexity 10 (libopus' default, the same as the
 * {@code ffmpeg} CLI), into FFmpeg's Ogg muxer in bitexact mode, with the original's stream serial instead of
 * a random one, so the same input gives the same bytes with the same natives. The muxer writes its mandatory
 * OpusHead and an OpusTags packet with only its vendor string ("Lavf"); tags are the caller's
 * business.</li>
 * </ol>
 *
 * <p><b>Channels.</b> Mono stays mono and stereo stays stereo: both are RFC 7845 channel mapping family
 * 0, which every Opus player supports. More than two channels are downmixed to stereo with FFmpeg's
 * default matrix (centre and surrounds at −3 dB, LFE dropped): family 0 allows at most two channels,
 * and keeping the surround channels would need mapping family 1 (a multistream of coupled and uncoupled
 * streams), which not every player handles and which would split the planned 75 kbit/s over up to 8
 * channels. Spotify's originals are mono or stereo, so this is a safety net, not a normal path.
 *
 * <p><b>Errors.</b> A framing error, a demuxer error or a decoder error is a {@link TranscodeException}
 * of kind {@code DECODE} naming the byte offset in the array and the audio time reached; an encoder,
 * resampler or muxer error one of kind {@code ENCODE}. On any failure the partial output is deleted.
 *
 * <p>Thread-safe: every call has its own FFmpeg contexts; several tracks can be transcoded in parallel
 * (one core each: libopus is single-threaded).
 */
public final class JavaCvOpusTranscoder implements OpusTranscoder {
    /** Size of the demuxer's read buffer. */
    private static final int IO_BUFFER = 64 * 1024;
    /** {@code AVFMT_FLAG_CUSTOM_IO} of avformat.h (not mapped by the presets): the caller owns {@code pb}. */
    private static final int AVFMT_FLAG_CUSTOM_IO = 0x0080;
    /** {@code AVFMT_FLAG_BITEXACT}: the Ogg muxer then uses serial 0 (not a random one) and vendor "Lavf". */
    private static final int AVFMT_FLAG_BITEXACT = 0x0400;
    /** Arrays being read, by the address of the {@code AVFormatContext} reading them (the callback's opaque). */
    private static final ConcurrentHashMap<Long, Source> SOURCES = new ConcurrentHashMap<>();
    /** One callback for every call (JavaCPP function pointers are few and costly); kept reachable for good. */
    private static final ReadCallback READ = new ReadCallback();

    static {
        av_log_set_level(AV_LOG_ERROR);
    }

    /** {@code libopus = system}: the bundled libopus must not stand in. */
    private final boolean systemRequired;
    /** The system libopus in use (null: the bundled one), or why it cannot be had. */
    private final SystemLibopus system;
    private final String systemFailure;

    /** The default: {@code libopus = auto}. */
    public JavaCvOpusTranscoder() {
        this("auto");
    }

    /**
     * Chooses the libopus that encodes (property {@code longplay.process.libopus}): {@code auto} takes the
     * operating system's {@code libopus.so.0} where it loads and the one inside the bundled FFmpeg otherwise;
     * {@code system} requires the system's (every transcode then fails, naming the reason, when it does not
     * load); {@code bundled} always uses the bundled one. Both are libopus driven with the same settings,
     * the system's is an optimised build, about three times faster (see {@link SystemLibopus}).
     */
    /** The choice {@code longplay.process.libopus} names ({@code auto} when blank); refused unless auto, system or bundled. */
    public static String libopusMode(String libopus) {
        String mode = libopus == null || libopus.isBlank() ? "auto" : libopus.trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("auto") && !mode.equals("system") && !mode.equals("bundled")) {
            throw new IllegalArgumentException("longplay.process.libopus must be auto, system or bundled, not '" + libopus + "'");
        }
        return mode;
    }

    public JavaCvOpusTranscoder(String libopus) {
        this(libopus, SystemLibopus.LIBRARY);
    }

    JavaCvOpusTranscoder(String libopus, String systemLibrary) {
        String mode = libopusMode(libopus);
        this.systemRequired = mode.equals("system");
        SystemLibopus found = null;
        String failure = null;
        if (!mode.equals("bundled")) {
            try {
                found = SystemLibopus.load(systemLibrary);
            } catch (UnsatisfiedLinkError e) {
                failure = e.getMessage();
            }
        }
        this.system = found;
        this.systemFailure = failure;
    }

    /** The system libopus to encode with, or null for the bundled one. */
    private SystemLibopus systemLibopus() throws TranscodeException {
        if (system == null && systemRequired) {
            throw TranscodeException.encode("longplay.process.libopus = system, but " + systemFailure);
        }
        return system;
    }

    /** {@code javacv} with the libopus in use, e.g. {@code javacv (system libopus 1.3.1)}. */
    @Override
    public String name() {
        if (system != null) {
            return "javacv (system " + system.version() + ")";
        }
        return systemRequired ? "javacv (no libopus: " + systemFailure + ")" : "javacv (bundled libopus)";
    }

    @Override
    public OpusResult transcode(byte[] vorbis, int offset, int kbit, Path out) throws TranscodeException, IOException {
        if (kbit < 6 || kbit > 510) {
            throw new IllegalArgumentException("Opus bitrate out of range (6..510 kbit/s): " + kbit);
        }
        boolean done = false;
        try (Job job = new Job(vorbis, offset, systemLibopus())) {
            VorbisFraming.Info framing = VorbisFraming.check(vorbis, offset);
            OpusResult result = job.run(kbit, framing.outputSerial(), out);
            done = true;
            return result;
        } finally {
            if (!done) {
                Files.deleteIfExists(out);
            }
        }
    }

    private static final class Source {
        final byte[] data;
        int position;

        Source(byte[] data, int position) {
            this.data = data;
            this.position = position;
        }
    }

    private static final class ReadCallback extends Read_packet_Pointer_BytePointer_int {
        @Override
        public int call(Pointer opaque, BytePointer buffer, int size) {
            Source source = SOURCES.get(opaque.address());
            if (source == null) {
                return AVERROR_EOF;
            }
            int n = Math.min(size, source.data.length - source.position);
            if (n <= 0) {
                return AVERROR_EOF;
            }
            buffer.position(0).put(source.data, source.position, n);
            source.position += n;
            return n;
        }
    }

    /** One transcode: the native contexts, freed by {@link #close()} whatever happened. */
    private static final class Job implements AutoCloseable {
        private final byte[] data;
        private final int offset;

        private AVFormatContext in;
        private AVIOContext inIo;
        private long inKey;
        private AVCodecContext decoder;
        private SwrContext resampler;
        private AVAudioFifo fifo;
        private AVFormatContext outFormat;
        private AVStream outStream;
        /** The bundled libopus, through libavcodec (when {@link #system} is null). */
        private AVCodecContext encoder;
        /** The system libopus and its encoder (null: the bundled one). */
        private final SystemLibopus system;
        private SystemLibopus.Encoder systemEncoder;
        private int preSkip;
        private long packetsOut;
        private final AVChannelLayout outLayout = new AVChannelLayout();
        private AVPacket packet;
        private AVPacket encoded;
        private AVFrame decoded;
        private AVFrame converted;
        private int convertedCapacity;
        private AVFrame toEncode;

        private int inRate;
        private int outChannels;
        private int frameSize;
        private long decodedSamples;
        private long lastPacketPos = -1;
        private long samplesOut;

        Job(byte[] data, int offset, SystemLibopus system) {
            this.data = data;
            this.offset = offset;
            this.system = system;
        }

        OpusResult run(int kbit, int serial, Path out) throws TranscodeException {
            openInput();
            openOutput(kbit, serial, out);
            packet = av_packet_alloc();
            encoded = av_packet_alloc();
            decoded = av_frame_alloc();
            int ret;
            while ((ret = av_read_frame(in, packet)) >= 0) {
                try {
                    if (packet.stream_index() == 0) {
                        lastPacketPos = packet.pos() >= 0 ? offset + packet.pos() : lastPacketPos;
                        ret = avcodec_send_packet(decoder, packet);
                        if (ret < 0) {
                            throw decodeError("Vorbis decoder rejected a packet: " + err(ret));
                        }
                        drainDecoder();
                    }
                } finally {
                    av_packet_unref(packet);
                }
            }
            if (ret != AVERROR_EOF) {
                throw decodeError("Ogg demuxer: " + err(ret));
            }
            ret = avcodec_send_packet(decoder, null);
            if (ret < 0 && ret != AVERROR_EOF) {
                throw decodeError("Vorbis decoder flush: " + err(ret));
            }
            drainDecoder();
            if (decodedSamples == 0) {
                throw decodeError("no audio decoded");
            }
            flushResampler();
            while (av_audio_fifo_size(fifo) > 0) {
                encodeFromFifo(Math.min(frameSize, av_audio_fifo_size(fifo)));
            }
            encode(null);
            check(av_write_trailer(outFormat), "Ogg muxer trailer");
            return OpusResult.of(outChannels, samplesOut);
        }

        private void openInput() throws TranscodeException {
            in = avformat_alloc_context();
            BytePointer buffer = new BytePointer(av_malloc(IO_BUFFER));
            inIo = avio_alloc_context(buffer, IO_BUFFER, 0, in, READ, null, null);
            inKey = in.address();
            SOURCES.put(inKey, new Source(data, offset));
            in.pb(inIo);
            in.flags(in.flags() | AVFMT_FLAG_CUSTOM_IO);
            int ret = avformat_open_input(in, (String) null, av_find_input_format("ogg"), (AVDictionary) null);
            if (ret < 0) {
                in = null; // freed by avformat_open_input on failure
                throw TranscodeException.decode("Ogg demuxer cannot read the stream headers: " + err(ret), offset, 0);
            }
            if (in.nb_streams() != 1 || in.streams(0).codecpar().codec_id() != AV_CODEC_ID_VORBIS) {
                throw TranscodeException.decode("expected one Vorbis stream, found " + in.nb_streams() + " stream(s)", offset, 0);
            }
            AVStream stream = in.streams(0);
            AVCodec codec = avcodec_find_decoder(AV_CODEC_ID_VORBIS);
            decoder = avcodec_alloc_context3(codec);
            check(avcodec_parameters_to_context(decoder, stream.codecpar()), "decoder parameters");
            decoder.pkt_timebase(stream.time_base());
            decoder.thread_count(1);
            ret = avcodec_open2(decoder, codec, (AVDictionary) null);
            if (ret < 0) {
                throw TranscodeException.decode("Vorbis decoder rejects the headers: " + err(ret), offset, 0);
            }
            inRate = decoder.sample_rate();
            int inChannels = decoder.ch_layout().nb_channels();
            if (inRate <= 0 || inChannels <= 0) {
                throw TranscodeException.decode("Vorbis headers give " + inChannels + " channels at " + inRate + " Hz", offset, 0);
            }
            outChannels = Math.min(2, inChannels);
        }

        private void openOutput(int kbit, int serial, Path out) throws TranscodeException {
            av_channel_layout_default(outLayout, outChannels);
            outFormat = new AVFormatContext(null);
            check(avformat_alloc_output_context2(outFormat, null, "ogg", (String) null), "Ogg muxer");
            outFormat.flags(outFormat.flags() | AVFMT_FLAG_BITEXACT); // same input, same bytes
            outStream = avformat_new_stream(outFormat, null);
            if (outStream == null) {
                throw TranscodeException.encode("Ogg muxer: cannot add a stream");
            }
            if (system != null) {
                openSystemEncoder(kbit);
            } else {
                openBundledEncoder(kbit);
            }
            resampler = new SwrContext(null);
            check(swr_alloc_set_opts2(resampler, outLayout, AV_SAMPLE_FMT_FLT, OPUS_RATE,
                    decoder.ch_layout(), decoder.sample_fmt(), inRate, 0, null), "resampler options");
            check(swr_init(resampler), "resampler init");
            fifo = av_audio_fifo_alloc(AV_SAMPLE_FMT_FLT, outChannels, 4 * frameSize);
            toEncode = newFrame(frameSize);

            AVIOContext io = new AVIOContext(null);
            // UTF-8 whatever the JVM's default charset: FFmpeg takes file names as UTF-8 bytes
            try (BytePointer url = new BytePointer("file:" + out.toAbsolutePath(), StandardCharsets.UTF_8)) {
                check(avio_open(io, url, AVIO_FLAG_WRITE), "cannot open the output " + out);
            }
            outFormat.pb(io);
            AVDictionary muxerOptions = new AVDictionary(null);
            av_dict_set(muxerOptions, "serial_offset", Integer.toString(serial), 0);
            int ret = avformat_write_header(outFormat, muxerOptions);
            av_dict_free(muxerOptions);
            check(ret, "Ogg muxer header");
        }

        /** libavcodec's libopus wrapper around the bundled libopus, VBR, application audio. */
        private void openBundledEncoder(int kbit) throws TranscodeException {
            AVCodec codec = avcodec_find_encoder_by_name("libopus");
            if (codec == null) {
                throw TranscodeException.encode("libopus encoder not available in the bundled FFmpeg");
            }
            encoder = avcodec_alloc_context3(codec);
            encoder.sample_rate(OPUS_RATE);
            encoder.sample_fmt(AV_SAMPLE_FMT_FLT);
            av_channel_layout_copy(encoder.ch_layout(), outLayout);
            encoder.bit_rate(kbit * 1000L);
            encoder.time_base(av_make_q(1, OPUS_RATE));
            if ((outFormat.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
                encoder.flags(encoder.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            }
            AVDictionary options = new AVDictionary(null);
            av_dict_set(options, "vbr", "on", 0);
            av_dict_set(options, "application", "audio", 0);
            int ret = avcodec_open2(encoder, codec, options);
            av_dict_free(options);
            check(ret, "libopus encoder open");
            frameSize = encoder.frame_size();
            check(avcodec_parameters_from_context(outStream.codecpar(), encoder), "stream parameters");
            outStream.time_base(encoder.time_base());
        }

        /**
         * The system libopus, set up as libavcodec's wrapper sets up its own (20 ms frames, pre-skip = the
         * encoder's look-ahead), and the stream parameters the Ogg muxer needs from an encoder: the OpusHead
         * of RFC 7845 §5.1 (family 0) as extradata and the pre-skip as initial padding.
         */
        private void openSystemEncoder(int kbit) throws TranscodeException {
            systemEncoder = system.createEncoder(outChannels, kbit);
            preSkip = systemEncoder.lookahead();
            frameSize = OPUS_RATE / 50;
            AVCodecParameters parameters = outStream.codecpar();
            parameters.codec_type(AVMEDIA_TYPE_AUDIO);
            parameters.codec_id(AV_CODEC_ID_OPUS);
            parameters.sample_rate(OPUS_RATE);
            check(av_channel_layout_copy(parameters.ch_layout(), outLayout), "stream layout");
            parameters.initial_padding(preSkip);
            parameters.frame_size(frameSize);
            byte[] head = opusHead(outChannels, preSkip);
            BytePointer extradata = new BytePointer(av_mallocz(head.length + AV_INPUT_BUFFER_PADDING_SIZE));
            extradata.capacity(head.length).put(head);
            parameters.extradata(extradata);
            parameters.extradata_size(head.length);
            outStream.time_base(av_make_q(1, OPUS_RATE));
        }

        private AVFrame newFrame(int samples) throws TranscodeException {
            AVFrame frame = av_frame_alloc();
            frame.format(AV_SAMPLE_FMT_FLT);
            frame.sample_rate(OPUS_RATE);
            av_channel_layout_copy(frame.ch_layout(), outLayout);
            frame.nb_samples(samples);
            check(av_frame_get_buffer(frame, 0), "frame buffer");
            return frame;
        }

        private void drainDecoder() throws TranscodeException {
            while (true) {
                int ret = avcodec_receive_frame(decoder, decoded);
                if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                    return;
                }
                if (ret < 0) {
                    throw decodeError("Vorbis decoder: " + err(ret));
                }
                int n = decoded.nb_samples();
                try {
                    resample(decoded.extended_data(), n);
                } finally {
                    av_frame_unref(decoded);
                }
                decodedSamples += n;
                while (av_audio_fifo_size(fifo) >= frameSize) {
                    encodeFromFifo(frameSize);
                }
            }
        }

        /** Converts {@code n} input samples (null: flush) into the FIFO. */
        private void resample(PointerPointer input, int n) throws TranscodeException {
            int room = swr_get_out_samples(resampler, n);
            if (room > convertedCapacity) {
                if (converted != null) {
                    av_frame_free(converted);
                }
                convertedCapacity = Math.max(room, 8192);
                converted = newFrame(convertedCapacity);
            }
            int got = swr_convert(resampler, converted.extended_data(), convertedCapacity, input, n);
            check(got, "resampler");
            if (got > 0 && av_audio_fifo_write(fifo, converted.extended_data(), got) < got) {
                throw TranscodeException.encode("audio FIFO write failed");
            }
        }

        private void flushResampler() throws TranscodeException {
            for (int i = 0; i < 16 && swr_get_out_samples(resampler, 0) > 0; i++) {
                resample(null, 0);
            }
        }

        private void encodeFromFifo(int n) throws TranscodeException {
            check(av_frame_make_writable(toEncode), "frame");
            int got = av_audio_fifo_read(fifo, toEncode.extended_data(), n);
            if (got != n) {
                throw TranscodeException.encode("audio FIFO read failed");
            }
            toEncode.nb_samples(n);
            toEncode.pts(samplesOut);
            samplesOut += n;
            encode(toEncode);
        }

        /** Encodes a frame of {@link #toEncode} (null: flushes) with whichever libopus this job uses. */
        private void encode(AVFrame frame) throws TranscodeException {
            if (system == null) {
                encodeBundled(frame);
            } else if (frame == null) {
                flushSystem();
            } else {
                long pcm = frame.data(0).address();
                int n = frame.nb_samples();
                int frameBytes = 4 * outChannels;
                if (n < frameSize) { // the last frame, padded with silence as libavcodec does
                    SystemLibopus.zero(pcm + (long) n * frameBytes, (long) (frameSize - n) * frameBytes);
                }
                encodeSystem(pcm);
            }
        }

        /** Encodes silence until every input sample and the pre-skip are inside a packet (libavcodec's flush). */
        private void flushSystem() throws TranscodeException {
            if (samplesOut + preSkip <= packetsOut * frameSize) {
                return;
            }
            check(av_frame_make_writable(toEncode), "frame");
            long pcm = toEncode.data(0).address();
            SystemLibopus.zero(pcm, (long) frameSize * 4 * outChannels);
            while (samplesOut + preSkip > packetsOut * frameSize) {
                encodeSystem(pcm);
            }
        }

        /**
         * One 20 ms packet, encoded straight into the packet's buffer. Timestamps as libavcodec's audio frame
         * queue gives them: packet i starts at i × 960 − pre-skip, and the last one's duration ends the audio,
         * so the muxer's last granule position is pre-skip + samples (RFC 7845 §4).
         */
        private void encodeSystem(long pcm) throws TranscodeException {
            check(av_new_packet(encoded, SystemLibopus.MAX_PACKET), "packet");
            int length = systemEncoder.encode(pcm, frameSize, encoded.data().address(), SystemLibopus.MAX_PACKET);
            av_shrink_packet(encoded, length);
            long start = packetsOut * frameSize;
            encoded.pts(start - preSkip);
            encoded.dts(start - preSkip);
            encoded.duration(Math.min(frameSize, samplesOut + preSkip - start));
            encoded.stream_index(outStream.index());
            packetsOut++;
            check(av_interleaved_write_frame(outFormat, encoded), "Ogg muxer");
        }

        private void encodeBundled(AVFrame frame) throws TranscodeException {
            check(avcodec_send_frame(encoder, frame), "libopus encoder");
            while (true) {
                int ret = avcodec_receive_packet(encoder, encoded);
                if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                    return;
                }
                check(ret, "libopus encoder");
                av_packet_rescale_ts(encoded, encoder.time_base(), outStream.time_base());
                encoded.stream_index(outStream.index());
                check(av_interleaved_write_frame(outFormat, encoded), "Ogg muxer");
            }
        }

        private TranscodeException decodeError(String reason) {
            double seconds = inRate > 0 ? decodedSamples / (double) inRate : Double.NaN;
            return TranscodeException.decode(reason, lastPacketPos, seconds);
        }

        @Override
        public void close() {
            if (packet != null) {
                av_packet_free(packet);
            }
            if (encoded != null) {
                av_packet_free(encoded);
            }
            if (decoded != null) {
                av_frame_free(decoded);
            }
            if (converted != null) {
                av_frame_free(converted);
            }
            if (toEncode != null) {
                av_frame_free(toEncode);
            }
            if (fifo != null) {
                av_audio_fifo_free(fifo);
            }
            if (resampler != null && !resampler.isNull()) {
                swr_free(resampler);
            }
            if (decoder != null) {
                avcodec_free_context(decoder);
            }
            if (encoder != null) {
                avcodec_free_context(encoder);
            }
            if (systemEncoder != null) {
                systemEncoder.close();
            }
            av_channel_layout_uninit(outLayout);
            if (outFormat != null && !outFormat.isNull()) {
                if (outFormat.pb() != null && !outFormat.pb().isNull()) {
                    avio_closep(outFormat.pb());
                }
                avformat_free_context(outFormat);
            }
            if (in != null) {
                avformat_close_input(in);
            }
            if (inIo != null) {
                av_free(inIo.buffer());
                avio_context_free(inIo);
            }
            if (inKey != 0) {
                SOURCES.remove(inKey);
            }
        }

        private static void check(int ret, String what) throws TranscodeException {
            if (ret < 0) {
                throw TranscodeException.encode(what + ": " + err(ret));
            }
        }
    }

    /** The OpusHead packet of RFC 7845 §5.1 for channel mapping family 0, as libavcodec writes it. */
    static byte[] opusHead(int channels, int preSkip) {
        ByteBuffer head = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
        head.put("OpusHead".getBytes(StandardCharsets.US_ASCII));
        head.put((byte) 1); // version
        head.put((byte) channels);
        head.putShort((short) preSkip);
        head.putInt(OPUS_RATE); // the input rate: always 48 kHz here, resampled before the encoder
        head.putShort((short) 0); // output gain
        head.put((byte) 0); // mapping family 0: mono or stereo, one stream
        return head.array();
    }

    static String err(int code) {
        byte[] text = new byte[256];
        av_strerror(code, text, text.length);
        int n = 0;
        while (n < text.length && text[n] != 0) {
            n++;
        }
        return new String(text, 0, n, StandardCharsets.UTF_8) + " (" + code + ")";
    }
}
