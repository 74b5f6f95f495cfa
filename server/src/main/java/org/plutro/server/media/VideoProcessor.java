package org.plutro.server.media;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jcodec.api.FrameGrab;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Size;
import org.jcodec.scale.AWTUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An uploaded video is stored as uploaded minus its metadata boxes (MP4: {@link Mp4Metadata}); for
 * an MP4 whose H.264 track jcodec (pure Java) can decode, its size, duration and first frame as
 * the poster (preview) and BlurHash. Anything jcodec cannot read (another codec, WebM) is still
 * stored, without a poster. Blocking and CPU-heavy, as {@link ImageProcessor}.
 */
public final class VideoProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(VideoProcessor.class);
  private static final int BLURHASH_SIDE = 32;

  /** What was learnt; the sizes and duration are null when the video could not be decoded. */
  public record Result(Integer width, Integer height, Double duration, Integer previewWidth,
      Integer previewHeight, String blurhash) {
    public boolean hasPreview() {
      return previewWidth != null;
    }
  }

  private VideoProcessor() {}

  /** Writes {@code original} and, when the first frame could be decoded, {@code preview} (a JPEG). */
  public static Result process(Path source, MediaFormat format, Path original, Path preview)
      throws IOException {
    Files.copy(source, original, StandardCopyOption.REPLACE_EXISTING);
    if (format != MediaFormat.MP4) {
      return new Result(null, null, null, null, null, null);
    }
    Mp4Metadata.strip(original);
    try (SeekableByteChannel channel = NIOUtils.readableChannel(original.toFile())) {
      FrameGrab grab = FrameGrab.createFrameGrab(channel);
      DemuxerTrackMeta meta = grab.getVideoTrack().getMeta();
      Size size = meta.getVideoCodecMeta().getSize();
      Double duration = meta.getTotalDuration() > 0 ? meta.getTotalDuration() : null;
      if ((long) size.getWidth() * size.getHeight() > ImageProcessor.MAX_INPUT_PIXELS) {
        return new Result(size.getWidth(), size.getHeight(), duration, null, null, null);
      }
      Picture frame = grab.getNativeFrame();
      if (frame == null) {
        return new Result(size.getWidth(), size.getHeight(), duration, null, null, null);
      }
      BufferedImage small = ImageProcessor.fit(AWTUtil.toBufferedImage(frame), ImageProcessor.PREVIEW_SIDE);
      ImageProcessor.writeJpeg(small, preview);
      return new Result(size.getWidth(), size.getHeight(), duration, small.getWidth(),
          small.getHeight(), Blurhash.encode(ImageProcessor.fit(small, BLURHASH_SIDE)));
    } catch (Exception e) {
      // jcodec reads H.264 in MP4 only; the file is kept, without a poster.
      LOG.debug("No poster frame for {}: {}", original.getFileName(), e.toString());
      Files.deleteIfExists(preview);
      return new Result(null, null, null, null, null, null);
    }
  }
}
