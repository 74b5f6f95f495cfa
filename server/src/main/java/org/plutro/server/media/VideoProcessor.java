package org.plutro.server.media;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.jcodec.api.FrameGrab;
import org.jcodec.codecs.vpx.VP8Decoder;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Size;
import org.jcodec.scale.AWTUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An uploaded video is stored as uploaded minus its metadata ({@link Mp4Metadata},
 * {@link WebmFile}), with its size, duration and frame rate, and its first frame as the poster
 * (preview) and BlurHash when jcodec (pure Java) can decode it: H.264 in MP4, VP8 in WebM. A video
 * in another codec is still stored, without a poster. Blocking and CPU-heavy, as {@link ImageProcessor}.
 */
public final class VideoProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(VideoProcessor.class);
  private static final int BLURHASH_SIDE = 32;
  private static final String VP8 = "V_VP8";

  /** What was learnt; the sizes and duration are null when the video could not be decoded. */
  public record Result(Integer width, Integer height, Double duration, Double frameRate,
      Integer previewWidth, Integer previewHeight, String blurhash) {
    static final Result NONE = new Result(null, null, null, null, null, null, null);

    public boolean hasPreview() {
      return previewWidth != null;
    }
  }

  private VideoProcessor() {}

  private static int quarterTurns(DemuxerTrackMeta.Orientation orientation) {
    if (orientation == null) {
      return 0;
    }
    return switch (orientation) {
      case D_90 -> 1;
      case D_180 -> 2;
      case D_270 -> 3;
      default -> 0;
    };
  }

  /** The picture turned clockwise by {@code quarterTurns} quarters. */
  static BufferedImage turn(BufferedImage image, int quarterTurns) {
    if (quarterTurns == 0) {
      return image;
    }
    int w = image.getWidth();
    int h = image.getHeight();
    boolean swap = quarterTurns % 2 == 1;
    BufferedImage turned = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
    java.awt.geom.AffineTransform transform = new java.awt.geom.AffineTransform();
    transform.translate(turned.getWidth() / 2.0, turned.getHeight() / 2.0);
    transform.quadrantRotate(quarterTurns);
    transform.translate(-w / 2.0, -h / 2.0);
    java.awt.Graphics2D g = turned.createGraphics();
    g.drawImage(image, transform, null);
    g.dispose();
    return turned;
  }

  /**
   * Writes {@code original} and, when the first frame could be decoded, {@code preview} (a JPEG).
   * A WebM that cannot be read is refused; an MP4 jcodec cannot read is kept without a poster.
   */
  public static Result process(Path source, MediaFormat format, Path original, Path preview)
      throws IOException, InvalidMediaException {
    Files.copy(source, original, StandardCopyOption.REPLACE_EXISTING);
    return switch (format) {
      case MP4 -> mp4(original, preview);
      case WEBM -> webm(original, preview);
      default -> Result.NONE;
    };
  }

  private static Result mp4(Path original, Path preview) throws IOException {
    Mp4Metadata.strip(original);
    try (SeekableByteChannel channel = NIOUtils.readableChannel(original.toFile())) {
      FrameGrab grab = FrameGrab.createFrameGrab(channel);
      DemuxerTrackMeta meta = grab.getVideoTrack().getMeta();
      Size size = meta.getVideoCodecMeta().getSize();
      Double duration = meta.getTotalDuration() > 0 ? meta.getTotalDuration() : null;
      Double frameRate = duration != null && meta.getTotalFrames() > 0
          ? Math.round(meta.getTotalFrames() / duration * 100) / 100.0 : null;
      // A phone filming upright stores the picture sideways and says so in the track header's
      // matrix: players turn it, so its size is the turned one, and so is the poster.
      int quarterTurns = quarterTurns(meta.getOrientation());
      int width = quarterTurns % 2 == 0 ? size.getWidth() : size.getHeight();
      int height = quarterTurns % 2 == 0 ? size.getHeight() : size.getWidth();
      Result sized = new Result(width, height, duration, frameRate, null, null, null);
      if ((long) width * height > ImageProcessor.MAX_INPUT_PIXELS) {
        return sized;
      }
      Picture frame = grab.getNativeFrame();
      if (frame == null) {
        return sized;
      }
      return withPoster(sized, turn(AWTUtil.toBufferedImage(frame), quarterTurns), preview);
    } catch (Exception e) {
      // jcodec reads H.264 in MP4 only; the file is kept, without a poster.
      LOG.debug("No poster frame for {}: {}", original.getFileName(), e.toString());
      Files.deleteIfExists(preview);
      return Result.NONE;
    }
  }

  /**
   * A WebM's size, length and frame rate come from its container; a poster only for VP8, the
   * one WebM codec with a decoder in Java (VP9 and AV1 videos are kept without one).
   */
  private static Result webm(Path original, Path preview) throws IOException, InvalidMediaException {
    WebmFile.Info info = WebmFile.strip(original);
    Result sized = new Result(info.width(), info.height(), info.duration(), info.frameRate(), null,
        null, null);
    if (!VP8.equals(info.videoCodec()) || info.firstKeyFrame() == null || info.width() == null
        || info.height() == null || (long) info.width() * info.height() > ImageProcessor.MAX_INPUT_PIXELS) {
      return sized;
    }
    try {
      ByteBuffer frame = ByteBuffer.wrap(info.firstKeyFrame());
      Size size = new VP8Decoder().getCodecMeta(frame.duplicate()).getSize();
      if ((long) size.getWidth() * size.getHeight() > ImageProcessor.MAX_INPUT_PIXELS) {
        return sized;
      }
      // The decoder writes whole macroblocks of 16 × 16 pixels.
      int mbWidth = (size.getWidth() + 15) / 16 * 16;
      int mbHeight = (size.getHeight() + 15) / 16 * 16;
      int luma = mbWidth * mbHeight;
      Picture picture = new VP8Decoder().decodeFrame(frame,
          new byte[][] {new byte[luma], new byte[luma / 4], new byte[luma / 4]});
      return withPoster(sized, AWTUtil.toBufferedImage(picture), preview);
    } catch (Exception e) {
      // A frame jcodec's decoder does not take: the video is kept without a poster.
      LOG.debug("No poster frame for {}: {}", original.getFileName(), e.toString());
      Files.deleteIfExists(preview);
      return sized;
    }
  }

  private static Result withPoster(Result sized, BufferedImage frame, Path preview) throws IOException {
    BufferedImage small = ImageProcessor.fit(frame, ImageProcessor.PREVIEW_SIDE);
    ImageProcessor.writeJpeg(small, preview);
    return new Result(sized.width(), sized.height(), sized.duration(), sized.frameRate(),
        small.getWidth(), small.getHeight(), Blurhash.encode(ImageProcessor.fit(small, BLURHASH_SIDE)));
  }
}
